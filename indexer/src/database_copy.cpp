#include "database_copy.h"

#include "fundus/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fundus::index::detail {

namespace fs = std::filesystem;

namespace {

/// Closes a file descriptor when it goes out of scope.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
    throw Error("copy_database(): " + what + " " + path.string() + ": " + std::strerror(errno));
}

void copy_bytes(int in, int out, off_t size, const fs::path& to) {
    off_t done = 0;
    bool use_range = true;
    char buf[1 << 16];
    while (done < size) {
        ssize_t n = -1;
        if (use_range) {
            n = ::copy_file_range(in, nullptr, out, nullptr, static_cast<std::size_t>(size - done), 0);
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                use_range = false;
                continue;
            }
        } else {
            n = ::read(in, buf, sizeof buf);
            if (n > 0 && ::write(out, buf, static_cast<std::size_t>(n)) != n)
                fail("cannot write", to);
        }
        if (n < 0)
            fail("cannot copy to", to);
        if (n == 0)
            break; // the source shrank: cannot happen for a published generation
        done += n;
    }
}

void copy_one_file(const fs::path& from, const fs::path& to) {
    const Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0)
        fail("cannot open", from);
    struct stat st {};
    if (::fstat(in.get(), &st) != 0)
        fail("cannot stat", from);
    const Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 0777));
    if (out.get() < 0)
        fail("cannot create", to);
    if (::ioctl(out.get(), FICLONE, in.get()) != 0)
        copy_bytes(in.get(), out.get(), st.st_size, to);
    if (::fsync(out.get()) != 0)
        fail("cannot sync", to);
}

} // namespace

void copy_database(const fs::path& from, const fs::path& to) {
    if (!fs::is_directory(from))
        throw Error("copy_database(): no database at " + from.string());
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) {
        // flintlock is the writer's lock file: the copy gets its own when it is opened.
        if (entry.is_regular_file() && entry.path().filename() != "flintlock")
            copy_one_file(entry.path(), to / entry.path().filename());
    }
    const Fd dir(::open(to.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0)
        fail("cannot sync", to);
}

void sync_database(const fs::path& path) {
    for (const auto& entry : fs::directory_iterator(path)) {
        if (!entry.is_regular_file())
            continue;
        const Fd fd(::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0 || ::fsync(fd.get()) != 0)
            fail("cannot sync", entry.path());
    }
    const Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0)
        fail("cannot sync", path);
}

} // namespace fundus::index::detail
