package dev.textback.example.crm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A CRM that texts back the callers its businesses missed. Everything textback does comes from the starter and
 * {@code application.yml}; this application adds only the endpoint that receives callers' replies
 * ({@link ReplyInboxController}), which in a real CRM would create a ticket or a lead.
 */
@SpringBootApplication
public class CrmApplication {
  /**
   * Runs the CRM.
   *
   * @param args Spring Boot's command line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(CrmApplication.class, args);
  }
}
