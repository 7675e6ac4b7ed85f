#include "server/billing/document/invoice_pdf.h"

#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "server/billing/model/dates.h"

namespace steward::billing {

namespace {

// US Letter in points (the invoices are in dollars), with the margins and the
// band kept free for the footer.
constexpr double kPageWidth = 612;
constexpr double kPageHeight = 792;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterTop = kPageHeight - kMargin - 14;
constexpr double kBodyBottom = kFooterTop - 10;

// The lines table: the description takes what the numbers leave.
constexpr double kCellPad = 6;
constexpr double kQtyWidth = 40;
constexpr double kUnitWidth = 84;
constexpr double kAmountWidth = 84;
constexpr double kDescWidth = kContentWidth - kQtyWidth - kUnitWidth - kAmountWidth;

constexpr Rgb kInk{0.13, 0.13, 0.15};
constexpr Rgb kMuted{0.42, 0.43, 0.46};
constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kStripe{0.955, 0.96, 0.965};
constexpr Rgb kRule{0.82, 0.83, 0.85};
constexpr Rgb kDraftRed{0.78, 0.12, 0.12};

constexpr const char* kBodyFont = "Sans 10";
constexpr const char* kBodyBold = "Sans Bold 10";
constexpr const char* kSmall = "Sans 8.5";
constexpr const char* kLabel = "Sans Bold 8";

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct ContextDeleter {
  void operator()(PangoContext* c) const { g_object_unref(c); }
};
struct FontMapDeleter {
  void operator()(PangoFontMap* m) const { g_object_unref(m); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, ContextDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, FontMapDeleter>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void SetColor(cairo_t* cr, Rgb c, double alpha = 1) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void FillRect(cairo_t* cr, double x, double y, double w, double h, Rgb c) {
  SetColor(cr, c);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

void HLine(cairo_t* cr, double x, double y, double w, double width, Rgb c) {
  SetColor(cr, c);
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + w, y);
  cairo_stroke(cr);
}

// Text through pango: plain text (never markup, so a description cannot
// inject formatting), one font, wrapped at `width` when it is positive.
class Pen {
 public:
  // Font sizes are points: the PDF's user unit is the point (72 per inch),
  // where pango would otherwise assume a 96-dpi screen.
  Pen(cairo_t* cr, PangoFontMap* fonts) : cr_(cr), context_(pango_font_map_create_context(fonts)) {
    pango_cairo_context_set_resolution(context_.get(), 72);
  }

  LayoutPtr Layout(std::string_view text, const char* font, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) const {
    // The context follows the current transformation (the rotated watermark).
    pango_cairo_update_context(cr_, context_.get());
    LayoutPtr layout(pango_layout_new(context_.get()));
    FontPtr desc(pango_font_description_from_string(font));
    pango_layout_set_font_description(layout.get(), desc.get());
    if (width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  double Height(std::string_view text, const char* font, double width) const {
    LayoutPtr layout = Layout(text, font, width);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  double Width(std::string_view text, const char* font) const {
    LayoutPtr layout = Layout(text, font, 0);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
  }

  // Draws with its top-left at (x, y) → the height used.
  double Draw(double x, double y, std::string_view text, const char* font, double width, Rgb color,
              PangoAlignment align = PANGO_ALIGN_LEFT) const {
    LayoutPtr layout = Layout(text, font, width, align);
    SetColor(cr_, color);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout.get());
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // Right-aligned so its right edge is at `right`.
  double DrawRight(double right, double y, std::string_view text, const char* font,
                   Rgb color) const {
    return Draw(right - Width(text, font), y, text, font, 0, color);
  }

 private:
  cairo_t* cr_;
  ContextPtr context_;
};

std::string MonthName(unsigned month) {
  static constexpr std::array<const char*, 12> kNames = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "?";
}

std::string StatusLabel(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kDraft:
      return "Draft";
    case InvoiceStatus::kIssued:
      return "Issued";
    case InvoiceStatus::kPaid:
      return "Paid";
    case InvoiceStatus::kOverdue:
      return "Overdue";
    case InvoiceStatus::kVoid:
      return "Void";
  }
  return "";
}

std::string Title(const Invoice& inv) {
  if (inv.number) return "Invoice " + std::to_string(*inv.number);
  return "Draft invoice";
}

std::string PaymentTerms(const InvoiceDocument& doc) {
  const Invoice& inv = doc.invoice;
  std::string terms = doc.payment_days == 0
                          ? "Payment terms: due on receipt."
                          : "Payment terms: net " + std::to_string(doc.payment_days) + " days";
  if (doc.payment_days != 0) {
    terms += inv.due_date ? ", due " + FormatLongDate(*inv.due_date) + "." : " from issue.";
  }
  if (doc.status == InvoiceStatus::kPaid) {
    terms += " Paid in full: thank you.";
  } else if (doc.status == InvoiceStatus::kVoid) {
    terms = "Void: reversed in full by a credit note. Nothing is owed on this invoice.";
  } else {
    terms +=
        " Late payments accrue 1.5 % of the unpaid amount for each full month past the due "
        "date, not compounded.";
  }
  if (inv.number) {
    terms += " Please quote invoice " + std::to_string(*inv.number) + " with your payment.";
  }
  return terms;
}

struct TotalRow {
  std::string label;
  std::string amount;
  bool emphasis = false;
};

std::vector<TotalRow> TotalRows(const InvoiceDocument& doc) {
  const Invoice& inv = doc.invoice;
  std::vector<TotalRow> rows = {
      {"Total", FormatUsd(inv.total_cents), false},
      {"Paid", FormatUsd(inv.paid_cents), false},
      {"Balance due", FormatUsd(inv.unpaid_cents()), true},
  };
  if (doc.accrued_late_fee_cents > 0) {
    rows.push_back({"Late fee accrued to " + FormatLongDate(doc.as_of),
                    FormatUsd(doc.accrued_late_fee_cents), false});
  }
  return rows;
}

// One pass over the document, drawing on `cr`. `page_count` is what the
// footers say ("Page i of n"); the pass returns how many pages it made, so a
// first pass onto a discarded surface tells the second its count.
class InvoicePainter {
 public:
  InvoicePainter(cairo_t* cr, PangoFontMap* fonts, const InvoiceDocument& doc, Rgb accent,
                 cairo_surface_t* logo, int page_count)
      : cr_(cr),
        pen_(cr, fonts),
        doc_(doc),
        accent_(accent),
        logo_(logo),
        page_count_(page_count) {}

  int Paint() {
    StartPage();
    double y = FirstPageHeader();
    y = BillToAndDetails(y);
    y = TableHeader(y + 18);
    const auto& lines = doc_.invoice.lines;
    for (size_t i = 0; i < lines.size(); ++i) {
      const double h = RowHeight(lines[i]);
      if (y + h > kBodyBottom) {
        y = TableHeader(NextPage());
      }
      y = Row(y, lines[i], i % 2 == 1);
    }
    if (lines.empty()) {
      y += 4 + pen_.Draw(kMargin + kCellPad, y + 4, "No charges this month.", kBodyFont, 0, kMuted);
    }
    HLine(cr_, kMargin, y, kContentWidth, 0.75, kRule);
    y += 12;
    // The totals and the payment terms stay together on the last page: a
    // page of terms alone would leave the balance due a page before them.
    const std::string terms = PaymentTerms(doc_);
    const double terms_height = 20 + pen_.Height(terms, kSmall, kContentWidth);
    if (y + TotalsHeight() + terms_height > kBodyBottom) y = NextPage();
    y = Totals(y);
    pen_.Draw(kMargin, y + 20, terms, kSmall, kContentWidth, kMuted);
    EndPage();
    return page_;
  }

 private:
  void StartPage() { ++page_; }

  void EndPage() {
    if (Draft()) DraftWatermark();
    Footer();
    cairo_show_page(cr_);
  }

  double NextPage() {
    EndPage();
    StartPage();
    return ContinuationHeader();
  }

  bool Draft() const { return doc_.status == InvoiceStatus::kDraft; }

  // A large, faint, diagonal DRAFT over the page (over, not under: the
  // table's striped rows would hide it in pieces).
  void DraftWatermark() {
    cairo_save(cr_);
    LayoutPtr layout = pen_.Layout("DRAFT", "Sans Bold 140", 0);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    cairo_translate(cr_, kPageWidth / 2, kPageHeight / 2);
    cairo_rotate(cr_, -std::numbers::pi / 6);
    cairo_move_to(cr_, -w / 2.0 / PANGO_SCALE, -h / 2.0 / PANGO_SCALE);
    SetColor(cr_, kDraftRed, 0.08);
    pango_cairo_show_layout(cr_, layout.get());
    cairo_restore(cr_);
  }

  // The logo (when there is one) and the MSP's name on the left; the title
  // on the right; an accent rule under both.
  double FirstPageHeader() {
    // The title block on the right first: the name takes the width it leaves.
    const double right = kMargin + kContentWidth;
    const std::string title = Title(doc_.invoice);
    const char* title_font = "Sans Bold 26";
    const std::string badge =
        Draft() ? "DRAFT  ·  #" + std::to_string(doc_.invoice.id) + "  ·  not issued" : "";
    const double badge_w = Draft() ? pen_.Width(badge, kLabel) + 12 : 0;
    const double title_w = std::max(pen_.Width(title, title_font), badge_w);
    double ty = kMargin - 2;
    ty += pen_.DrawRight(right, ty, title, title_font, kInk);
    if (Draft()) {
      FillRect(cr_, right - badge_w, ty + 2, badge_w, 15, kDraftRed);
      pen_.Draw(right - badge_w + 6, ty + 4, badge, kLabel, 0, kWhite);
      ty += 19;
    }

    double name_x = kMargin;
    double top_h = 36;
    if (logo_) {
      const double lw = cairo_image_surface_get_width(logo_);
      const double lh = cairo_image_surface_get_height(logo_);
      const double scale = std::min(48.0 / lh, 140.0 / lw);
      cairo_save(cr_);
      cairo_translate(cr_, kMargin, kMargin);
      cairo_scale(cr_, scale, scale);
      cairo_set_source_surface(cr_, logo_, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
      name_x += lw * scale + 12;
      top_h = std::max(top_h, lh * scale);
    }
    // A long name steps down a size rather than breaking mid-word.
    const double name_w = right - title_w - 20 - name_x;
    const char* name_font =
        pen_.Width(doc_.msp.name, "Sans Bold 22") <= name_w ? "Sans Bold 22" : "Sans Bold 15";
    const double name_h = pen_.Height(doc_.msp.name, name_font, name_w);
    pen_.Draw(name_x, kMargin + std::max(0.0, (top_h - name_h) / 2), doc_.msp.name, name_font,
              name_w, accent_);

    const double y = kMargin + std::max({top_h, name_h, ty - kMargin}) + 10;
    HLine(cr_, kMargin, y, kContentWidth, 2, accent_);
    return y + 14;
  }

  double ContinuationHeader() {
    const double right = kMargin + kContentWidth;
    pen_.Draw(kMargin, kMargin, doc_.msp.name, "Sans Bold 14", kContentWidth / 2, accent_);
    pen_.DrawRight(right, kMargin, Title(doc_.invoice) + " (continued)", kBodyBold, kInk);
    const double y = kMargin + 20;
    HLine(cr_, kMargin, y, kContentWidth, 1.25, accent_);
    return y + 12;
  }

  double BillToAndDetails(double y) {
    // Bill to, on the left.
    double ly = y;
    ly += pen_.Draw(kMargin, ly, "BILL TO", kLabel, 0, accent_) + 3;
    const double col = kContentWidth / 2 - 12;
    ly += pen_.Draw(kMargin, ly, doc_.bill_to.customer_name, "Sans Bold 13", col, kInk) + 1;
    // The postal address as an envelope shows it: street lines, then
    // "City, Region Postal code", then the country.
    const PostalAddress& address = doc_.bill_to.address;
    for (const std::string& line : address.lines) {
      ly += pen_.Draw(kMargin, ly, line, kBodyFont, col, kInk);
    }
    std::string locality = address.city;
    if (!address.region.empty()) locality += (locality.empty() ? "" : ", ") + address.region;
    if (!address.postal_code.empty()) {
      locality += (locality.empty() ? "" : " ") + address.postal_code;
    }
    if (!locality.empty()) ly += pen_.Draw(kMargin, ly, locality, kBodyFont, col, kInk);
    if (!address.country.empty()) {
      ly += pen_.Draw(kMargin, ly, address.country, kBodyFont, col, kInk);
    }
    if (doc_.bill_to.contact_name) {
      ly += 3;
      ly += pen_.Draw(kMargin, ly, "Attn: " + *doc_.bill_to.contact_name, kBodyFont, col, kInk);
    }
    if (doc_.bill_to.contact_email) {
      ly += pen_.Draw(kMargin, ly, *doc_.bill_to.contact_email, kBodyFont, col, kMuted);
    }

    // The invoice's particulars, on the right, as label/value pairs.
    const Invoice& inv = doc_.invoice;
    std::vector<std::pair<std::string, std::string>> details;
    if (inv.number) details.emplace_back("Invoice number", std::to_string(*inv.number));
    details.emplace_back("Issue date",
                         inv.issue_date ? FormatLongDate(*inv.issue_date) : "not issued");
    details.emplace_back("Due date", inv.due_date ? FormatLongDate(*inv.due_date)
                                     : doc_.payment_days == 0
                                         ? "on receipt"
                                         : std::to_string(doc_.payment_days) + " days after issue");
    details.emplace_back("Service period", MonthName(static_cast<unsigned>(inv.month.month())) +
                                               " " +
                                               std::to_string(static_cast<int>(inv.month.year())));
    details.emplace_back("Status", StatusLabel(doc_.status));
    const double right = kMargin + kContentWidth;
    const double label_x = kMargin + kContentWidth / 2 + 40;
    double ry = y;
    for (const auto& [label, value] : details) {
      pen_.Draw(label_x, ry + 1, label, kSmall, 0, kMuted);
      const bool alert = label == "Status" && doc_.status == InvoiceStatus::kOverdue;
      ry += pen_.DrawRight(right, ry, value, kBodyBold, alert ? kDraftRed : kInk) + 3;
    }
    return std::max(ly, ry);
  }

  double TableHeader(double y) {
    const double h = 20;
    FillRect(cr_, kMargin, y, kContentWidth, h, accent_);
    const double ty = y + 5;
    const double qty_right = kMargin + kDescWidth + kQtyWidth - kCellPad;
    const double unit_right = qty_right + kUnitWidth;
    const double amount_right = unit_right + kAmountWidth;
    pen_.Draw(kMargin + kCellPad, ty, "DESCRIPTION", kLabel, 0, kWhite);
    pen_.DrawRight(qty_right, ty, "QTY", kLabel, kWhite);
    pen_.DrawRight(unit_right, ty, "UNIT PRICE", kLabel, kWhite);
    pen_.DrawRight(amount_right, ty, "AMOUNT", kLabel, kWhite);
    return y + h;
  }

  double RowHeight(const InvoiceLine& line) const {
    return pen_.Height(line.description, kBodyFont, kDescWidth - 2 * kCellPad) + 2 * 5;
  }

  double Row(double y, const InvoiceLine& line, bool stripe) {
    const double h = RowHeight(line);
    if (stripe) FillRect(cr_, kMargin, y, kContentWidth, h, kStripe);
    const double ty = y + 5;
    const double qty_right = kMargin + kDescWidth + kQtyWidth - kCellPad;
    const double unit_right = qty_right + kUnitWidth;
    const double amount_right = unit_right + kAmountWidth;
    pen_.Draw(kMargin + kCellPad, ty, line.description, kBodyFont, kDescWidth - 2 * kCellPad, kInk);
    pen_.DrawRight(qty_right, ty, std::to_string(line.quantity), kBodyFont, kInk);
    pen_.DrawRight(unit_right, ty, FormatUsd(line.unit_cents), kBodyFont, kInk);
    pen_.DrawRight(amount_right, ty, FormatUsd(line.amount_cents), kBodyFont, kInk);
    return y + h;
  }

  static constexpr double kTotalsWidth = 280;
  static constexpr double kTotalRowHeight = 19;

  double TotalsHeight() const {
    return static_cast<double>(TotalRows(doc_).size()) * kTotalRowHeight + 6;
  }

  double Totals(double y) {
    const double left = kMargin + kContentWidth - kTotalsWidth;
    const double right = kMargin + kContentWidth - kCellPad;
    for (const TotalRow& row : TotalRows(doc_)) {
      if (row.emphasis) {
        // The balance due stands out: a band of the accent colour.
        FillRect(cr_, left, y, kTotalsWidth, kTotalRowHeight + 4, accent_);
        pen_.Draw(left + kCellPad, y + 4, row.label, "Sans Bold 12", 0, kWhite);
        pen_.DrawRight(right, y + 4, row.amount, "Sans Bold 12", kWhite);
        y += kTotalRowHeight + 6;
      } else {
        // The label takes what the amount leaves.
        const double label_width =
            kTotalsWidth - 2 * kCellPad - pen_.Width(row.amount, kBodyBold) - 8;
        pen_.Draw(left + kCellPad, y + 3, row.label, kBodyFont, label_width, kMuted);
        pen_.DrawRight(right, y + 3, row.amount, kBodyBold, kInk);
        y += kTotalRowHeight;
      }
    }
    return y;
  }

  void Footer() {
    HLine(cr_, kMargin, kFooterTop - 4, kContentWidth, 0.5, kRule);
    std::string left = doc_.msp.name + "  ·  " + Title(doc_.invoice);
    if (Draft()) left += " (DRAFT)";
    pen_.Draw(kMargin, kFooterTop, left, kSmall, kContentWidth - 100, kMuted);
    pen_.DrawRight(kMargin + kContentWidth, kFooterTop,
                   "Page " + std::to_string(page_) + " of " + std::to_string(page_count_), kSmall,
                   kMuted);
  }

  cairo_t* cr_;
  Pen pen_;
  const InvoiceDocument& doc_;
  Rgb accent_;
  cairo_surface_t* logo_;
  int page_count_;
  int page_ = 0;
};

// The logo as an image surface, or none when the file is missing or is not
// a PNG cairo can read.
SurfacePtr LoadLogo(const std::optional<std::string>& path) {
  if (!path || path->empty()) return nullptr;
  SurfacePtr logo(cairo_image_surface_create_from_png(path->c_str()));
  if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width(logo.get()) <= 0 ||
      cairo_image_surface_get_height(logo.get()) <= 0) {
    return nullptr;
  }
  return logo;
}

// One complete PDF into `out` → the pages it has, or the cairo error.
Result<int> PaintPdf(PangoFontMap* fonts, const InvoiceDocument& doc, Rgb accent,
                     cairo_surface_t* logo, int page_count, std::string* out) {
  SurfacePtr surface(
      cairo_pdf_surface_create_for_stream(AppendToString, out, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo: ") +
                            cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  // The document's own dates, not the wall clock: the same invoice gives the
  // same bytes.
  const Date created = doc.invoice.issue_date.value_or(doc.as_of);
  const std::string stamp = FormatIsoDate(created) + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, stamp.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, stamp.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                 Title(doc.invoice).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, doc.msp.name.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Steward");
  int pages = 0;
  {
    CairoPtr cr(cairo_create(surface.get()));
    InvoicePainter painter(cr.get(), fonts, doc, accent, logo, page_count);
    pages = painter.Paint();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Status::Internal(std::string("cairo: ") +
                              cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo: ") +
                            cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return pages;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Rgb> ParseHexColor(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  std::array<double, 3> channels{};
  for (size_t i = 0; i < 3; ++i) {
    const int hi = HexDigit(text[1 + 2 * i]);
    const int lo = HexDigit(text[2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    channels[i] = (hi * 16 + lo) / 255.0;
  }
  return Rgb{channels[0], channels[1], channels[2]};
}

std::string FormatLongDate(Date d) {
  return MonthName(static_cast<unsigned>(d.month())) + " " +
         std::to_string(static_cast<unsigned>(d.day())) + ", " +
         std::to_string(static_cast<int>(d.year()));
}

std::string InvoicePdfFileName(const Invoice& invoice) {
  if (invoice.number) return "invoice-" + std::to_string(*invoice.number) + ".pdf";
  return "invoice-draft-" + std::to_string(invoice.id) + ".pdf";
}

Result<std::string> RenderInvoicePdf(const InvoiceDocument& doc) {
  std::optional<Rgb> accent = ParseHexColor(doc.msp.accent_color);
  if (!accent) return Status::InvalidArgument("must be a colour as #rrggbb", "accent_color");
  SurfacePtr logo = LoadLogo(doc.msp.logo_png_path);
  // Pass 1 counts the pages for the footers; pass 2 is the document.
  // A font map of its own, released with the PDF: pango's shared default
  // one lives per thread for the life of the process.
  FontMapPtr fonts(pango_cairo_font_map_new());
  std::string discarded;
  STEWARD_ASSIGN_OR_RETURN(int pages,
                           PaintPdf(fonts.get(), doc, *accent, logo.get(), 0, &discarded));
  std::string pdf;
  STEWARD_ASSIGN_OR_RETURN(int pages_again,
                           PaintPdf(fonts.get(), doc, *accent, logo.get(), pages, &pdf));
  if (pages_again != pages) return Status::Internal("the invoice's pagination is unstable");
  return pdf;
}

}  // namespace steward::billing
