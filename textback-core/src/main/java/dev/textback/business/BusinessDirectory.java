package dev.textback.business;

import dev.textback.phone.PhoneNumber;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The businesses an engine serves, looked up by the number a caller dialled. Immutable and thread-safe;
 * a number may belong to only one business.
 */
public final class BusinessDirectory {
  private final Map<String, BusinessProfile> byId = new LinkedHashMap<>();
  private final Map<PhoneNumber, BusinessProfile> byNumber = new LinkedHashMap<>();

  private BusinessDirectory(Collection<BusinessProfile> profiles) {
    for (BusinessProfile p : profiles) {
      if (byId.put(p.id(), p) != null) throw new IllegalArgumentException("duplicate business id " + p.id());
      for (BusinessNumber n : p.numbers()) {
        BusinessProfile other = byNumber.put(n.number(), p);
        if (other != null && other != p) {
          throw new IllegalArgumentException("number " + n.number().masked() + " belongs to both "
              + other.id() + " and " + p.id());
        }
      }
    }
  }

  /** @throws IllegalArgumentException when two businesses share an id or a number */
  public static BusinessDirectory of(Collection<BusinessProfile> profiles) {
    return new BusinessDirectory(profiles);
  }

  public static BusinessDirectory of(BusinessProfile... profiles) {
    return new BusinessDirectory(List.of(profiles));
  }

  public Optional<BusinessProfile> byNumber(PhoneNumber dialled) {
    return Optional.ofNullable(byNumber.get(dialled));
  }

  public Optional<BusinessProfile> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<BusinessProfile> all() {
    return List.copyOf(byId.values());
  }
}
