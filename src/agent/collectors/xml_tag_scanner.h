// A minimal, attribute-oriented XML tag scanner for the XML that package
// managers print (zypper --xmlout). The agent links no XML library and a
// deployed endpoint binary should not grow one for a few attributes, so this
// reads start and end tags with their attributes and the character data that
// follows each tag, decodes the five predefined entities and character
// references, and skips the prolog, comments, CDATA markers and DOCTYPE. It
// does not validate: no namespaces, no DTD entities, no check that tags
// nest. The input is untrusted machine output, so every read is bounds-
// checked, each tag, attribute and text is capped, and malformed input ends
// the scan (or drops the one broken tag) instead of failing. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::agent {

struct XmlAttribute {
  std::string name;
  std::string value;  // entities decoded
};

struct XmlTag {
  std::string name;
  bool closing = false;       // </name>
  bool self_closing = false;  // <name ... />
  std::vector<XmlAttribute> attributes;
  // Character data between this tag and the next one, entities decoded
  // (CDATA kept verbatim): <summary>text</summary> puts "text" on the
  // summary start tag.
  std::string text;

  // The value of the first attribute called `name`, or nullptr.
  const std::string* Attribute(std::string_view name) const;
};

struct XmlScanLimits {
  size_t max_tags = 200'000;
  size_t max_attributes_per_tag = 32;  // further attributes are dropped
  size_t max_value_bytes = 4096;       // longer values and texts are cut
  size_t max_name_bytes = 128;         // a longer tag or attribute name drops the tag
};

struct XmlScan {
  std::vector<XmlTag> tags;
  // False when the input ended inside markup (an unterminated tag, quote or
  // comment) or hit max_tags: the tags before that point are still good.
  bool complete = true;
};

XmlScan ScanXmlTags(std::string_view xml, const XmlScanLimits& limits = {});

// Decodes &amp; &lt; &gt; &quot; &apos; and &#NN; / &#xNN; (to UTF-8; code
// points that XML forbids become '?'). Anything else after '&' is kept
// literally. Stops after `max_bytes` of output.
std::string DecodeXmlText(std::string_view raw, size_t max_bytes);

}  // namespace steward::agent
