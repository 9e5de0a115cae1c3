// The one atomic-write helper (common/fs.h): replace, no temporary left, errors naming the file.
#include "ff/common/fs.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>

#include "temp_dir.h"
#include "tiny_disk.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

int files_in(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteFileAtomic, ReplacesTheFileAndLeavesNoTemporary) {
  testing::TempDir dir;
  write_file_atomic(dir / "a.txt", std::string("old\n"));
  write_file_atomic(dir / "a.txt", std::string("new\n"));
  EXPECT_EQ(read_file(dir / "a.txt"), "new\n");
  EXPECT_EQ(files_in(dir.path()), 1);
}

TEST(WriteFileAtomic, CallbackWritesTheTemporaryPath) {
  testing::TempDir dir;
  write_file_atomic(dir / "b.bin", [](const fs::path& tmp) {
    EXPECT_NE(tmp.filename().string().find("b.bin.tmp."), std::string::npos);
    std::ofstream(tmp, std::ios::binary) << "bytes";
  });
  EXPECT_EQ(read_file(dir / "b.bin"), "bytes");
  EXPECT_EQ(files_in(dir.path()), 1);
}

TEST(WriteFileAtomic, FailedWriterKeepsTheOldFileAndNamesIt) {
  testing::TempDir dir;
  write_file_atomic(dir / "c.txt", std::string("old\n"));
  const std::string message = testing::error_of([&] {
    write_file_atomic(dir / "c.txt", [](const fs::path& tmp) {
      std::ofstream(tmp) << "half";
      throw std::runtime_error("disk full\nbacktrace");
    });
  });
  EXPECT_EQ(message, (dir / "c.txt") + ": cannot write: disk full");
  EXPECT_EQ(read_file(dir / "c.txt"), "old\n");
  EXPECT_EQ(files_in(dir.path()), 1);
}

TEST(WriteFileAtomic, FullDiskKeepsTheOldFileAndSaysTheDiskIsFull) {
  testing::TempDir dir;
  FF_TINY_DISK_OR_SKIP(disk, dir.path() / "disk", 64 << 10);
  const fs::path path = disk.path() / "a.txt";
  write_file_atomic(path, std::string("old\n"));
  disk.fill();
  try {
    write_file_atomic(path, std::string(8192, 'x'));
    FAIL() << "wrote to a full disk";
  } catch (const DiskFullError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": cannot write: the disk is full (No space left on device) (hint: "
                                     "free space, then run the same command again: what was written before is intact)");
  }
  EXPECT_EQ(read_file(path), "old\n");
  EXPECT_EQ(files_in(disk.path()), 2);  // a.txt and the filler: no temporary left
  disk.empty();
  write_file_atomic(path, std::string("new\n"));
  EXPECT_EQ(read_file(path), "new\n");
}

TEST(RemoveStaleTemporaries, RemovesOnlyWriteFileAtomicsTemporaries) {
  testing::TempDir dir;
  for (const char* name : {"checkpoint.pt.tmp.4242", "curve.csv.tmp.7", "curve.csv", "notes.tmp.txt", "a.tmp."}) {
    dir.file(name, "x");
  }
  EXPECT_EQ(remove_stale_temporaries(dir.path()), 2);
  EXPECT_EQ(files_in(dir.path()), 3);
  EXPECT_TRUE(fs::exists(dir / "curve.csv"));
  EXPECT_EQ(remove_stale_temporaries(dir / "missing"), 0);
}

TEST(FailIo, DiskFullOnlyForEnospcAndEdquot) {
  EXPECT_TRUE(is_disk_full(ENOSPC));
  EXPECT_TRUE(is_disk_full(EDQUOT));
  EXPECT_FALSE(is_disk_full(EACCES));
  EXPECT_THROW(fail_io("q.csv", EDQUOT), DiskFullError);
  try {
    fail_io("q.csv", EACCES, "cannot sync");
  } catch (const DiskFullError&) {
    FAIL() << "EACCES is no full disk";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "q.csv: cannot sync: Permission denied");
  }
}

TEST(WriteFileAtomic, MissingDirectoryIsOneLineNamingTheFile) {
  testing::TempDir dir;
  const std::string message = testing::error_of([&] { write_file_atomic(dir / "no/such/d.txt", std::string("x")); });
  EXPECT_EQ(message.rfind((dir / "no/such/d.txt") + ": cannot write: ", 0), 0u) << message;
}

}  // namespace
}  // namespace ff
