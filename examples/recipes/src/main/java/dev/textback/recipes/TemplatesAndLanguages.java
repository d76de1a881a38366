package dev.textback.recipes;

import dev.textback.template.MessageTemplates;
import dev.textback.template.SegmentReport;
import dev.textback.template.Situation;
import dev.textback.template.SmsSegments;
import dev.textback.template.Template;
import dev.textback.template.TemplateValues;
import java.util.List;

/** Templates by situation and language, how one is chosen for a caller, and what each costs in SMS segments. */
public class TemplatesAndLanguages {
  public static void main(String[] args) {
    MessageTemplates templates = MessageTemplates.builder("en")
        .add(Situation.DEFAULT, "en", "Hi {caller_name|there}, this is {business}. Sorry we missed your call. "
            + "Reply here with your issue. Reply STOP to opt out.")
        .add(Situation.AFTER_HOURS, "en", "Hi, this is {business}. We're closed; we open {next_open}. "
            + "Reply here and we'll call you first thing. Reply STOP to opt out.")
        .add(Situation.DEFAULT, "es", "Hola, le escribe {business}. Perdón por no contestar su llamada. "
            + "Responda aquí con su consulta. Responda STOP para no recibir más mensajes.")
        .build();
    TemplateValues values = TemplateValues.builder()
        .put("business", "Summit Heating & Cooling")
        .put("caller_name", "Ana")
        .put("next_open", "Monday 8:00 AM")
        .build();

    // A caller whose CRM record says es-MX gets the Spanish text (es-MX falls back to es, then to English).
    print(templates.select(Situation.DEFAULT, List.of("es-MX")), values);
    // After hours, a caller with no known language gets the business's default language.
    print(templates.select(Situation.AFTER_HOURS, List.of()), values);
    // One typographic character (the curly apostrophe) turns a text into UCS-2: 70 characters a segment.
    String curly = "Hi, this is Summit Heating & Cooling. We’re sorry we missed your call. Reply here. STOP to opt out.";
    SegmentReport report = SmsSegments.analyze(curly);
    System.out.println("Curly apostrophe: " + report.encoding() + ", " + report.segments() + " segments, because of "
        + report.nonGsmCharacters().get(0).character() + "; with straight quotes: "
        + SmsSegments.analyze(SmsSegments.smartEncode(curly)).segments() + " segment");
  }

  static void print(Template template, TemplateValues values) {
    String text = template.render(values);
    SegmentReport report = SmsSegments.analyze(text);
    System.out.println(template.name() + " (" + report.encoding() + ", " + report.segments() + " segment"
        + (report.segments() == 1 ? "" : "s") + "): " + text);
  }
}
