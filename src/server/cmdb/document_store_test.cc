#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class DocumentStoreTest : public CmdbTest {
 protected:
  Result<Json> Upload(int64_t customer, const std::string& file_name, const std::string& bytes,
                      const std::string& kind = "sla", const std::string& title = "") {
    return cmdb_->UploadDocument(AsOwner(), {customer, kind, title, file_name, bytes});
  }
  std::string StorageKey(int64_t id) {
    std::string key;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row r,
                         c.QueryOne("SELECT storage_key FROM documents WHERE id = ?", {id}));
                     key = r.Text("storage_key");
                     return Status::Ok();
                   })
                    .ok());
    return key;
  }
};

TEST_P(DocumentStoreTest, StoresBytesUnderAServerKeyWithTheirHash) {
  int64_t c = NewCustomer("Harbor & Vale");
  std::string text = "Response targets: P1 30 minutes, P2 2 hours.\n";
  auto doc = Upload(c, "SLA 2026.txt", text, "sla", "Service Level Agreement");
  CMDB_ASSERT_OK(doc);
  int64_t id = (*doc)["id"];
  EXPECT_EQ((*doc)["file_name"], "SLA 2026.txt");
  EXPECT_EQ((*doc)["title"], "Service Level Agreement");
  EXPECT_EQ((*doc)["kind"], "sla");
  EXPECT_EQ((*doc)["size_bytes"], text.size());
  EXPECT_EQ((*doc)["sha256"], Sha256Hex(text));
  EXPECT_EQ((*doc)["content_type"], "text/plain; charset=utf-8");
  EXPECT_EQ((*doc)["uploaded_by"], owner_id_);
  EXPECT_FALSE(doc->contains("storage_key"));

  // The file is named by the generated key, never by the user's name.
  std::string key = StorageKey(id);
  EXPECT_TRUE(DocumentFiles::IsValidKey(key));
  EXPECT_TRUE(std::filesystem::exists(data_dir_ + "/documents/" + key));
  EXPECT_FALSE(std::filesystem::exists(data_dir_ + "/documents/SLA 2026.txt"));
  EXPECT_EQ(DocumentFileCount(), 1u);

  auto content = cmdb_->ReadDocument(owner_, id);
  CMDB_ASSERT_OK(content);
  EXPECT_EQ(content->bytes, text);
  EXPECT_EQ(content->file_name, "SLA 2026.txt");
  // Text documents are searchable by content.
  auto hits = cmdb_->Search(owner_, "response targets");
  CMDB_ASSERT_OK(hits);
  ASSERT_EQ((*hits)["results"].size(), 1u);
  EXPECT_EQ((*hits)["results"][0]["type"], "document");
  EXPECT_EQ(AuditCount("document.upload"), 1);
}

TEST_P(DocumentStoreTest, PathLikeNamesAreRefusedBeforeAnythingIsWritten) {
  int64_t c = NewCustomer("Alpha");
  for (std::string name : {"../../etc/cron.d/evil", "..", "a/b.pdf", "..\\x.pdf", "x\r\n.pdf"}) {
    auto r = Upload(c, name, "bytes");
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "file_name") << name;
  }
  EXPECT_EQ(Upload(c, "x.pdf", "bytes", "napkin").status().field(), "kind");
  EXPECT_EQ(Upload(c, "x.pdf", "").status().field(), "body");
  EXPECT_EQ(Upload(c, "x.pdf", std::string(kMaxDocumentBytes + 1, 'x')).status().code(),
            StatusCode::kPayloadTooLarge);
  EXPECT_EQ(DocumentFileCount(), 0u);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM documents"), 0);
  EXPECT_FALSE(std::filesystem::exists(data_dir_ + "/etc"));
}

TEST_P(DocumentStoreTest, AFailedDatabaseWriteRemovesTheFile) {
  int64_t audit_before = CountOf("SELECT COUNT(*) AS n FROM audit_log");
  // The customer check runs inside the transaction, after the file is
  // written: an unknown customer exercises the clean-up path.
  auto r = Upload(987654, "contract.pdf", "%PDF-1.7 ...");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(DocumentFileCount(), 0u);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM documents"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM search_index WHERE object_type = 'document'"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
}

TEST_P(DocumentStoreTest, ATamperedFileIsNotServed) {
  int64_t c = NewCustomer("Alpha");
  auto doc = Upload(c, "dr-plan.md", "restore from backup");
  CMDB_ASSERT_OK(doc);
  int64_t id = (*doc)["id"];
  std::ofstream(data_dir_ + "/documents/" + StorageKey(id), std::ios::trunc) << "pay to IBAN X";
  EXPECT_EQ(cmdb_->ReadDocument(owner_, id).status().code(), StatusCode::kDataLoss);
  std::filesystem::remove(data_dir_ + "/documents/" + StorageKey(id));
  EXPECT_EQ(cmdb_->ReadDocument(owner_, id).status().code(), StatusCode::kDataLoss);
}

TEST_P(DocumentStoreTest, DeleteRemovesRowFileAndSearchEntry) {
  int64_t c = NewCustomer("Alpha");
  auto doc = Upload(c, "survey.txt", "cabling survey of the second floor");
  CMDB_ASSERT_OK(doc);
  int64_t id = (*doc)["id"];
  CMDB_ASSERT_OK(cmdb_->DeleteDocument(AsOwner(), id));
  EXPECT_EQ(DocumentFileCount(), 0u);
  EXPECT_EQ(cmdb_->GetDocument(owner_, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SearchRows("document", id), 0);
  EXPECT_EQ(cmdb_->DeleteDocument(AsOwner(), id).code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditCount("document.delete"), 1);
}

TEST_P(DocumentStoreTest, ListsPerCustomer) {
  int64_t a = NewCustomer("Alpha");
  int64_t b = NewCustomer("Beta");
  CMDB_ASSERT_OK(Upload(a, "a1.pdf", "1"));
  CMDB_ASSERT_OK(Upload(a, "a2.pdf", "2", "sow"));
  CMDB_ASSERT_OK(Upload(b, "b1.pdf", "3"));
  auto list = cmdb_->ListDocuments(owner_, a, {});
  CMDB_ASSERT_OK(list);
  EXPECT_EQ((*list)["total"], 2);
  for (const auto& d : (*list)["documents"]) EXPECT_EQ(d["customer_id"], a);
  auto all = cmdb_->ListDocuments(owner_, std::nullopt, {});
  CMDB_ASSERT_OK(all);
  EXPECT_EQ((*all)["total"], 3);
}

INSTANTIATE_CMDB_TEST(DocumentStoreTest);

}  // namespace
}  // namespace steward::cmdb
