// Compressed inputs: gzip and zip files built from the excerpt, detected by magic bytes.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "fest_test_support.hpp"

namespace gateway::medication {
namespace {

using testing::expect_catalog;
using testing::expect_error;
using testing::read_fixture;

class FestCompressedImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("fest-compressed-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
    excerpt_ = read_fixture("fest-excerpt.xml");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string write_gzip(const std::string& name, std::string_view content) const {
    const auto path = (directory_ / name).string();
    gzFile file = gzopen(path.c_str(), "wb");
    EXPECT_NE(file, nullptr);
    EXPECT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(file);
    return path;
  }

  std::string write_zip(const std::string& name, int entries) const {
    const auto path = (directory_ / name).string();
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(archive, nullptr);
    for (int i = 0; i < entries; ++i) {
      zip_source_t* source = zip_source_buffer(archive, excerpt_.data(), excerpt_.size(), 0);
      const std::string entry = "fest251-" + std::to_string(i) + ".xml";
      EXPECT_GE(zip_file_add(archive, entry.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
    }
    EXPECT_EQ(zip_close(archive), 0);
    return path;
  }

  std::filesystem::path directory_;
  std::string excerpt_;
};

TEST_F(FestCompressedImportTest, ImportsGzip) {
  const auto catalog = expect_catalog(import_fest_file(write_gzip("fest251.xml.gz", excerpt_)));
  EXPECT_EQ(catalog.legemiddelpakning.size(), 2u);
  EXPECT_EQ(catalog.legemiddel_merkevare.size(), 3u);
}

TEST_F(FestCompressedImportTest, ImportsZipWithOneEntry) {
  const auto catalog = expect_catalog(import_fest_file(write_zip("fest251.zip", 1)));
  EXPECT_EQ(catalog.legemiddelpakning.size(), 2u);
  EXPECT_EQ(catalog.hentet_dato, "2023-09-08T03:11:43");
}

TEST_F(FestCompressedImportTest, DetectsTheFormatByMagicBytesNotByExtension) {
  const auto gzip_named_xml = write_gzip("looks-plain.xml", excerpt_);
  EXPECT_EQ(expect_catalog(import_fest_file(gzip_named_xml)).legemiddelpakning.size(), 2u);
  const auto zip_named_gz = write_zip("looks-gzipped.gz", 1);
  EXPECT_EQ(expect_catalog(import_fest_file(zip_named_gz)).legemiddelpakning.size(), 2u);
}

TEST_F(FestCompressedImportTest, RefusesZipWithSeveralEntries) {
  const auto error = expect_error(import_fest_file(write_zip("two.zip", 2)));
  EXPECT_NE(error.message.find("exactly one"), std::string::npos) << error.message;
}

TEST_F(FestCompressedImportTest, ReportsTruncatedGzip) {
  const auto path = write_gzip("full.xml.gz", excerpt_);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  const auto error = expect_error(import_fest_file(path));
  EXPECT_FALSE(error.message.empty());
}

TEST_F(FestCompressedImportTest, ReportsProgressUpToTheTotal) {
  const auto path = write_gzip("progress.xml.gz", excerpt_);
  std::uint64_t last_read = 0;
  std::uint64_t last_total = 0;
  int calls = 0;
  ImportOptions options;
  options.progress = [&](std::uint64_t read, std::uint64_t total) {
    EXPECT_GE(read, last_read);
    last_read = read;
    last_total = total;
    ++calls;
  };
  expect_catalog(import_fest_file(path, options));
  EXPECT_GT(calls, 0);
  EXPECT_EQ(last_total, std::filesystem::file_size(path));
  EXPECT_EQ(last_read, last_total);
}

}  // namespace
}  // namespace gateway::medication
