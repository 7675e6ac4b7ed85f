// The invoice as a PDF (SPEC §7 "Invoices: … PDF"; issue 13): a typed
// document — the invoice as the customer sees it, who it is billed to, and
// the MSP's branding — drawn in-process with cairo and laid out with pango,
// on US Letter pages. Long descriptions wrap; the lines table breaks across
// pages with its header repeated; the totals, payment terms and the page
// footers ("Page i of n") follow the last line. A draft carries a DRAFT
// marker on every page.
//
// Pure apart from reading the logo file and the system's fonts: no database,
// no clock (the PDF's creation date is the document's), so the same document
// gives the same bytes. Thread-safe: each call owns its cairo surface.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/billing/model/bill_to.h"
#include "server/billing/model/invoice.h"

namespace steward::billing {

// The MSP as its invoices show it.
struct Branding {
  std::string name;                          // "Northwind MSP"
  std::optional<std::string> logo_png_path;  // drawn left of the name when it reads as a PNG
  std::string accent_color = "#1f4e79";      // "#rrggbb": the name, rules and table header
};

struct InvoiceDocument {
  Invoice invoice;
  InvoiceStatus status = InvoiceStatus::kDraft;  // effective, as of `as_of`
  Cents accrued_late_fee_cents = 0;              // accrued and not yet charged
  int payment_days = 0;                          // the contract's payment terms
  Date as_of{};  // the day it is rendered: a draft's date, the "as of" of the balance
  BillTo bill_to;
  Branding msp;
};

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..1
};

// "#rrggbb" (either case) → its colour; nullopt for anything else.
std::optional<Rgb> ParseHexColor(std::string_view text);

// "December 1, 2026".
std::string FormatLongDate(Date d);

// "invoice-42.pdf" for an issued invoice, "invoice-draft-7.pdf" (by id) for a draft.
std::string InvoicePdfFileName(const Invoice& invoice);

// The PDF bytes. InvalidArgument (field "accent_color") for an accent that is
// not "#rrggbb"; Internal if cairo fails. A logo that cannot be read as a PNG
// is left out rather than failing the invoice.
Result<std::string> RenderInvoicePdf(const InvoiceDocument& doc);

}  // namespace steward::billing
