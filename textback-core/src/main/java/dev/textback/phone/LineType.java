package dev.textback.phone;

/** What kind of line a valid number belongs to, as far as offline numbering data can tell. */
public enum LineType {
  MOBILE,
  FIXED_LINE,
  /** NANP numbers are always this offline: landline detection needs a carrier lookup or a delivery error. */
  FIXED_LINE_OR_MOBILE,
  TOLL_FREE,
  PREMIUM_RATE,
  SHARED_COST,
  VOIP,
  PERSONAL_NUMBER,
  PAGER,
  UAN,
  VOICEMAIL,
  UNKNOWN
}
