package dev.textback.spi;

import org.jspecify.annotations.Nullable;

/**
 * What a CRM knows about a caller.
 *
 * @param name the caller's name as the business knows it, or null
 * @param language preferred BCP-47 language, or null
 */
public record CallerInfo(@Nullable String name, @Nullable String language) {}
