package dev.textback.reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message in a conversation. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}; a store maps its rows through the builder, so a field added in a later
 * version leaves that store compiling. {@link Builder#build()} names every required field left unset.
 */
public final class ConversationMessage {
  private final String id;
  private final String conversationId;
  private final Direction direction;
  private final String body;
  private final Instant at;
  private final boolean automatic;
  private final @Nullable String author;
  private final @Nullable String carrierMessageId;
  private final List<String> mediaUrls;

  private ConversationMessage(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.conversationId = Objects.requireNonNull(b.conversationId, "conversationId");
    this.direction = Objects.requireNonNull(b.direction, "direction");
    this.body = Objects.requireNonNull(b.body, "body");
    this.at = Objects.requireNonNull(b.at, "at");
    this.automatic = b.automatic;
    this.author = b.author;
    this.carrierMessageId = b.carrierMessageId;
    this.mediaUrls = checkMediaUrls(b.mediaUrls);
  }

  /** An empty builder: not automatic, no author, no carrier id, no media. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this message. */
  public Builder toBuilder() {
    return new Builder().id(id).conversationId(conversationId).direction(direction).body(body).at(at)
        .automatic(automatic).author(author).carrierMessageId(carrierMessageId).mediaUrls(mediaUrls);
  }

  /** Unique id (for outbound messages, the outbox entry id). */
  public String id() {
    return id;
  }

  /** The conversation. */
  public String conversationId() {
    return conversationId;
  }

  /** Which way it went. */
  public Direction direction() {
    return direction;
  }

  /** The text. */
  public String body() {
    return body;
  }

  /** When it was received or queued. */
  public Instant at() {
    return at;
  }

  /** True for messages textback sent on its own (text-back, help, forward). */
  public boolean automatic() {
    return automatic;
  }

  /** Who wrote an outbound human message, or null. */
  public @Nullable String author() {
    return author;
  }

  /** The carrier's id for inbound messages, or null. */
  public @Nullable String carrierMessageId() {
    return carrierMessageId;
  }

  /**
   * {@code urls} without blank entries; refuses one with a line break, which no URL holds. Stores keep the list as
   * lines, so what they read back is what was written.
   *
   * @throws IllegalArgumentException when an entry holds a line break
   */
  public static List<String> checkMediaUrls(List<String> urls) {
    List<String> kept = new ArrayList<>(urls.size());
    for (String url : urls) {
      Objects.requireNonNull(url, "media url == null");
      if (url.isBlank()) continue;
      if (!isMediaUrl(url)) throw new IllegalArgumentException("a media url holds a line break");
      kept.add(url);
    }
    return List.copyOf(kept);
  }

  /** Whether {@code url} can be kept as a media URL: not null, not blank, no line break. */
  public static boolean isMediaUrl(@Nullable String url) {
    return url != null && !url.isBlank() && url.indexOf('\n') < 0 && url.indexOf('\r') < 0;
  }

  /** Attached media; empty when none. */
  public List<String> mediaUrls() {
    return mediaUrls;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof ConversationMessage)) return false;
    ConversationMessage m = (ConversationMessage) o;
    return automatic == m.automatic && id.equals(m.id) && conversationId.equals(m.conversationId)
        && direction == m.direction && body.equals(m.body) && at.equals(m.at) && Objects.equals(author, m.author)
        && Objects.equals(carrierMessageId, m.carrierMessageId) && mediaUrls.equals(m.mediaUrls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, conversationId, direction, body, at, automatic, author, carrierMessageId, mediaUrls);
  }

  /** Leaves the body out: it is the caller's or the business's words. */
  @Override
  public String toString() {
    return "ConversationMessage[" + id + " " + direction + (automatic ? " auto" : "") + ", " + body.length()
        + " chars]";
  }

  /** Builds a {@link ConversationMessage}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String conversationId;
    private @Nullable Direction direction;
    private @Nullable String body;
    private @Nullable Instant at;
    private boolean automatic;
    private @Nullable String author;
    private @Nullable String carrierMessageId;
    private List<String> mediaUrls = List.of();

    private Builder() {}

    /** Required. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Required. */
    public Builder conversationId(String conversationId) {
      this.conversationId = conversationId;
      return this;
    }

    /** Required. */
    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    /** Required. */
    public Builder body(String body) {
      this.body = body;
      return this;
    }

    /** Required. */
    public Builder at(Instant at) {
      this.at = at;
      return this;
    }

    public Builder automatic(boolean automatic) {
      this.automatic = automatic;
      return this;
    }

    public Builder author(@Nullable String author) {
      this.author = author;
      return this;
    }

    public Builder carrierMessageId(@Nullable String carrierMessageId) {
      this.carrierMessageId = carrierMessageId;
      return this;
    }

    /** The attached media, copied; none by default. */
    public Builder mediaUrls(List<String> mediaUrls) {
      this.mediaUrls = List.copyOf(mediaUrls);
      return this;
    }

    /** @throws IllegalStateException naming every required field that is unset (or set to null) */
    public ConversationMessage build() {
      List<String> missing = new ArrayList<>();
      if (id == null) missing.add("id");
      if (conversationId == null) missing.add("conversationId");
      if (direction == null) missing.add("direction");
      if (body == null) missing.add("body");
      if (at == null) missing.add("at");
      if (!missing.isEmpty()) {
        throw new IllegalStateException("ConversationMessage is missing " + String.join(", ", missing));
      }
      return new ConversationMessage(this);
    }
  }
}
