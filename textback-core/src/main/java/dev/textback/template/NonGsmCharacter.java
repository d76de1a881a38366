package dev.textback.template;

import org.jspecify.annotations.Nullable;

/**
 * A character that forced a text into UCS-2.
 *
 * @param character the character (one code point, possibly two UTF-16 units)
 * @param index its UTF-16 index in the text
 * @param replacement a GSM-7 look-alike to use instead, or null when there is none
 */
public record NonGsmCharacter(String character, int index, @Nullable String replacement) {}
