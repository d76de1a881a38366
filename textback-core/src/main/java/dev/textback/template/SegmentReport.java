package dev.textback.template;

import java.util.List;

/**
 * How a text goes over SMS: its encoding, how many segments it is billed as, and which characters forced
 * UCS-2.
 *
 * @param encoding the encoding the text needs
 * @param segments number of SMS segments (1 for an empty text)
 * @param units septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2
 * @param parts the text split at segment boundaries, never splitting an escape pair, surrogate pair or
 *     grapheme cluster
 * @param nonGsmCharacters the characters outside GSM-7, with suggested replacements; empty for GSM-7
 */
public record SegmentReport(SmsEncoding encoding, int segments, int units, List<String> parts,
    List<NonGsmCharacter> nonGsmCharacters) {
  public SegmentReport {
    parts = List.copyOf(parts);
    nonGsmCharacters = List.copyOf(nonGsmCharacters);
  }
}
