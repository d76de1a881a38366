package dev.textback.policy;

import dev.textback.phone.PhoneNumber;

/** How far one opt-out reaches. */
public enum OptOutScope {
  /** Only the business number the caller texted STOP to. */
  NUMBER,
  /** Every number of the business (default; mirrors how carriers apply it across a sender pool). */
  BUSINESS,
  /** Every business served by this textback installation. */
  ACCOUNT;

  /** The ledger key an opt-out is stored under for this scope. */
  public String key(String businessId, PhoneNumber businessNumber) {
    switch (this) {
      case NUMBER:
        return "number:" + businessNumber.e164();
      case BUSINESS:
        return "business:" + businessId;
      default:
        return "account";
    }
  }
}
