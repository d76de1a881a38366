package dev.textback.template;

/** The two SMS data codings a text can go out in. */
public enum SmsEncoding {
  /** GSM 03.38 default alphabet, 7 bits a character (extension characters take two). */
  GSM_7,
  /** UTF-16 code units, 16 bits each (what carriers call UCS-2). */
  UCS_2
}
