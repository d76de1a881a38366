package dev.textback.spring.boot4;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot 4 application with nothing of its own: textback comes from the starter. */
@SpringBootApplication
public class Boot4Application {}
