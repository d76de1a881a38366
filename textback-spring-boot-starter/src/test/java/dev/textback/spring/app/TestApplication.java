package dev.textback.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Spring Boot application: everything textback does comes from the starter. */
@SpringBootApplication
public class TestApplication {}
