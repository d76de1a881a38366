/** A Spring Boot CRM that texts back missed callers, built on textback-spring-boot-starter. */
package dev.textback.example.crm;
