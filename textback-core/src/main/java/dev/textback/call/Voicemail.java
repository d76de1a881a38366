package dev.textback.call;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened at the voicemail box: whether the caller left a message and how long it was.
 *
 * @param messageLeft true when a recording with content exists
 * @param length length of the recording, {@link Duration#ZERO} when none
 * @param recordingUrl the carrier's recording URL, or null
 */
public record Voicemail(boolean messageLeft, Duration length, @Nullable String recordingUrl) {
  public Voicemail {
    Objects.requireNonNull(length, "length == null");
  }

  public static Voicemail none() {
    return new Voicemail(false, Duration.ZERO, null);
  }
}
