/**
 * Spring Boot auto-configuration for textback: the engine from {@code textback.*} properties or the application's
 * beans, its store, carriers, webhook routes, lifecycle, health indicator and metrics.
 */
@NullMarked
package dev.textback.spring;

import org.jspecify.annotations.NullMarked;
