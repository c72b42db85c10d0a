// okno_powerloss_vfs: a power cut for SQLite, in a process that dies by SIGKILL. Test code only.
//
// SIGKILL alone proves little about durability: what a killed process wrote is in the kernel's
// page cache, and the page cache survives. A power cut does not spare it, nor a disk's volatile
// write cache. This library, loaded into the real okno-server with LD_PRELOAD, puts such a cache
// between SQLite and the disk, so that a SIGKILL costs exactly what a power cut would.
//
// The model. Its constructor registers an SQLite VFS ("okno-powerloss") as the default, wrapping
// the default one (unix). For the database, its rollback journal and its write-ahead log:
//  - xWrite goes into a cache in this process's memory, in 4 KiB blocks (a block the write covers
//    only in part is first filled from the file). Reads, sizes and truncations see the cache: the
//    process sees its own writes, as it would through the page cache. The cache belongs to the
//    file (its path), not to one handle: every connection of the process shares it, and it
//    outlives a close — closing a file does not write it to disk either.
//  - xTruncate changes the size the process sees; the file on disk keeps its bytes until a sync.
//  - xSync is the only way to the disk: it applies the pending truncation and every cached block
//    to the real file, then fsyncs it (the wrapped VFS's xSync, with its directory sync).
//  - What is not synced when the process is killed is gone: that is the power cut.
//  - Optionally (OKNO_POWERLOSS_EARLY_WRITES=P, a percentage) a disk that writes early and out of
//    order: each block a write touches reaches the file at once with probability P% (a pending
//    truncation with it), so a cut leaves an arbitrary subset of the unsynced blocks on disk, not
//    only none of them. Blocks are whole, so a write never damages bytes it did not cover (the
//    POWERSAFE_OVERWRITE the wrapped VFS claims still holds).
// Simplifications, all on the side of the file system, not of SQLite's own syncs:
//  - Creating and deleting a file are durable at once (the directory is not modelled; the
//    wrapped VFS still fsyncs directories where SQLite asks it to).
//  - The -shm wal-index (xShmMap and friends) is passed through: it is memory SQLite rebuilds
//    from the log when the first connection opens the database after a crash.
//  - Temporary files pass through; memory mapping is refused (xFetch maps nothing, mmap_size 0),
//    so that every read goes through the cache.
//
// Environment:
//  OKNO_POWERLOSS_LOG=FILE          the library writes "okno-powerloss pid=… sqlite=… library=…"
//                                   and a line of counters it rewrites in place as it runs (syncs,
//                                   database opens, …), so that a test can show the cache was in
//                                   the server it killed.
//  OKNO_POWERLOSS_EARLY_WRITES=P    see above (default 0).
//  OKNO_POWERLOSS_SEED=N            the seed of the early writes.
//  OKNO_POWERLOSS_SYNCHRONOUS=NORMAL  the negative control: every connection is set to
//                                   synchronous=NORMAL when it opens (an auto extension), and an
//                                   authorizer turns any later "PRAGMA synchronous = …" (the
//                                   server's FULL) into a no-op. The server itself has no such
//                                   switch.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

namespace {

using i64 = sqlite3_int64;
constexpr i64 kBlock = 4096;

// The volatile cache of one file.
struct Cache
{
    std::mutex mutex;
    std::map<i64, std::vector<unsigned char>> blocks; // block number → kBlock bytes not yet on disk
    i64 size = 0;                                     // the size the process sees
    i64 truncatedTo = -1; // a truncation not yet on disk: the disk's bytes from here on are gone
};

struct File
{
    sqlite3_file base;            // pMethods = &kMethods
    std::shared_ptr<Cache> cache; // null: passed through (temporary files)
    sqlite3_file *real() { return reinterpret_cast<sqlite3_file *>(this + 1); }
};
static_assert(sizeof(File) % alignof(sqlite3_int64) == 0, "the wrapped file follows, aligned");

sqlite3_vfs *g_real = nullptr;
std::mutex g_registryMutex;
std::map<std::string, std::shared_ptr<Cache>> g_registry; // by the path SQLite opened

int g_earlyPercent = 0;
std::atomic<std::uint64_t> g_rng{0};

std::atomic<std::uint64_t> g_syncs{0};
std::atomic<std::uint64_t> g_dbOpens{0};
std::atomic<std::uint64_t> g_cachedWrites{0};
std::atomic<std::uint64_t> g_earlyBlocks{0};
std::atomic<std::uint64_t> g_forcedNormal{0};
std::atomic<std::uint64_t> g_ignoredPragmas{0};

std::mutex g_logMutex;
int g_logFd = -1;
off_t g_countersAt = 0;

void writeCounters()
{
    if (g_logFd < 0)
        return;
    char line[256];
    const int n = std::snprintf(line, sizeof line,
                                "syncs=%012llu db-opens=%012llu cached-writes=%012llu early-blocks=%012llu "
                                "forced-normal=%012llu ignored-pragmas=%012llu\n",
                                static_cast<unsigned long long>(g_syncs.load()),
                                static_cast<unsigned long long>(g_dbOpens.load()),
                                static_cast<unsigned long long>(g_cachedWrites.load()),
                                static_cast<unsigned long long>(g_earlyBlocks.load()),
                                static_cast<unsigned long long>(g_forcedNormal.load()),
                                static_cast<unsigned long long>(g_ignoredPragmas.load()));
    std::lock_guard lock(g_logMutex);
    if (n > 0 && ::pwrite(g_logFd, line, std::size_t(n), g_countersAt) < 0)
        return;
}

bool chance(int percent)
{
    if (percent <= 0)
        return false;
    // splitmix64: lock-free and good enough to pick blocks.
    std::uint64_t z = g_rng.fetch_add(0x9E3779B97F4A7C15ULL) + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return int(z % 100) < percent;
}

// --- the cache (every function here runs with cache.mutex held) ----------------------------------

// Reads [from, to) of the file on disk into dst, which is zero-filled beforehand: what a pending
// truncation removed, or what lies past the end of the file, reads as zeros.
int readDisk(const Cache &c, sqlite3_file *real, unsigned char *dst, i64 from, i64 to)
{
    if (c.truncatedTo >= 0 && to > c.truncatedTo)
        to = c.truncatedTo;
    if (from >= to)
        return SQLITE_OK;
    const int rc = real->pMethods->xRead(real, dst, int(to - from), from);
    return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc; // the wrapped VFS zero-fills a short read
}

int applyTruncation(Cache &c, sqlite3_file *real)
{
    if (c.truncatedTo < 0)
        return SQLITE_OK;
    const int rc = real->pMethods->xTruncate(real, c.truncatedTo);
    if (rc == SQLITE_OK)
        c.truncatedTo = -1;
    return rc;
}

int writeBlock(Cache &c, sqlite3_file *real, i64 number, const std::vector<unsigned char> &data)
{
    const i64 at = number * kBlock;
    const i64 n = std::min(kBlock, c.size - at);
    return n > 0 ? real->pMethods->xWrite(real, data.data(), int(n), at) : SQLITE_OK;
}

int cachedRead(Cache &c, sqlite3_file *real, void *buffer, int amount, i64 offset)
{
    auto *out = static_cast<unsigned char *>(buffer);
    std::memset(out, 0, std::size_t(amount));
    const i64 end = offset + amount;
    const i64 visibleEnd = std::min(end, c.size);
    i64 p = offset;
    while (p < visibleEnd) {
        const i64 number = p / kBlock;
        auto it = c.blocks.lower_bound(number);
        if (it != c.blocks.end() && it->first == number) {
            const i64 n = std::min(visibleEnd, (number + 1) * kBlock) - p;
            std::memcpy(out + (p - offset), it->second.data() + (p - number * kBlock), std::size_t(n));
            p += n;
            continue;
        }
        // A run of blocks that are not cached: one read from the disk.
        i64 stop = visibleEnd;
        if (it != c.blocks.end())
            stop = std::min(stop, it->first * kBlock);
        if (int rc = readDisk(c, real, out + (p - offset), p, stop); rc != SQLITE_OK)
            return rc;
        p = stop;
    }
    return end > c.size ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int cachedWrite(Cache &c, sqlite3_file *real, const void *buffer, int amount, i64 offset)
{
    const auto *in = static_cast<const unsigned char *>(buffer);
    const i64 end = offset + amount;
    for (i64 number = offset / kBlock; number * kBlock < end; ++number) {
        const i64 blockStart = number * kBlock;
        auto it = c.blocks.find(number);
        if (it == c.blocks.end()) {
            std::vector<unsigned char> block(std::size_t(kBlock), 0);
            // Bytes past the size the process sees are zeros, whatever the disk still holds.
            if (int rc = readDisk(c, real, block.data(), blockStart, std::min(blockStart + kBlock, c.size));
                rc != SQLITE_OK)
                return rc;
            it = c.blocks.emplace(number, std::move(block)).first;
        }
        const i64 from = std::max(offset, blockStart);
        const i64 to = std::min(end, blockStart + kBlock);
        std::memcpy(it->second.data() + (from - blockStart), in + (from - offset), std::size_t(to - from));
    }
    c.size = std::max(c.size, end);
    ++g_cachedWrites;
    if (g_earlyPercent > 0) {
        for (i64 number = offset / kBlock; number * kBlock < end; ++number) {
            if (!chance(g_earlyPercent))
                continue;
            auto it = c.blocks.find(number);
            if (int rc = applyTruncation(c, real); rc != SQLITE_OK)
                return rc;
            if (int rc = writeBlock(c, real, number, it->second); rc != SQLITE_OK)
                return rc;
            c.blocks.erase(it);
            ++g_earlyBlocks;
        }
    }
    return SQLITE_OK;
}

void cachedTruncate(Cache &c, i64 size)
{
    if (size < c.size) {
        const i64 firstGone = (size + kBlock - 1) / kBlock;
        c.blocks.erase(c.blocks.lower_bound(firstGone), c.blocks.end());
        // The block the new end falls in keeps zeros past it, should the file grow again.
        if (auto it = c.blocks.find(size / kBlock); it != c.blocks.end() && size % kBlock != 0)
            std::memset(it->second.data() + size % kBlock, 0, std::size_t(kBlock - size % kBlock));
        c.truncatedTo = c.truncatedTo < 0 ? size : std::min(c.truncatedTo, size);
    }
    c.size = size;
}

int cachedSync(Cache &c, sqlite3_file *real, int flags)
{
    if (int rc = applyTruncation(c, real); rc != SQLITE_OK)
        return rc;
    for (const auto &[number, data] : c.blocks) {
        if (int rc = writeBlock(c, real, number, data); rc != SQLITE_OK)
            return rc;
    }
    c.blocks.clear();
    i64 onDisk = 0;
    if (int rc = real->pMethods->xFileSize(real, &onDisk); rc != SQLITE_OK)
        return rc;
    if (onDisk != c.size) {
        if (int rc = real->pMethods->xTruncate(real, c.size); rc != SQLITE_OK)
            return rc;
    }
    return real->pMethods->xSync(real, flags);
}

// --- io methods --------------------------------------------------------------------------------

File *self(sqlite3_file *f)
{
    return reinterpret_cast<File *>(f);
}

int xClose(sqlite3_file *f)
{
    File *file = self(f);
    sqlite3_file *real = file->real();
    const int rc = real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
    file->~File(); // the cache stays in the registry: closing writes nothing to disk
    return rc;
}

int xRead(sqlite3_file *f, void *buffer, int amount, i64 offset)
{
    File *file = self(f);
    if (!file->cache)
        return file->real()->pMethods->xRead(file->real(), buffer, amount, offset);
    std::lock_guard lock(file->cache->mutex);
    return cachedRead(*file->cache, file->real(), buffer, amount, offset);
}

int xWrite(sqlite3_file *f, const void *buffer, int amount, i64 offset)
{
    File *file = self(f);
    if (!file->cache)
        return file->real()->pMethods->xWrite(file->real(), buffer, amount, offset);
    std::lock_guard lock(file->cache->mutex);
    return cachedWrite(*file->cache, file->real(), buffer, amount, offset);
}

int xTruncate(sqlite3_file *f, i64 size)
{
    File *file = self(f);
    if (!file->cache)
        return file->real()->pMethods->xTruncate(file->real(), size);
    std::lock_guard lock(file->cache->mutex);
    cachedTruncate(*file->cache, size);
    return SQLITE_OK;
}

int xSync(sqlite3_file *f, int flags)
{
    File *file = self(f);
    if (!file->cache)
        return file->real()->pMethods->xSync(file->real(), flags);
    int rc;
    {
        std::lock_guard lock(file->cache->mutex);
        rc = cachedSync(*file->cache, file->real(), flags);
    }
    ++g_syncs;
    writeCounters();
    return rc;
}

int xFileSize(sqlite3_file *f, i64 *size)
{
    File *file = self(f);
    if (!file->cache)
        return file->real()->pMethods->xFileSize(file->real(), size);
    std::lock_guard lock(file->cache->mutex);
    *size = file->cache->size;
    return SQLITE_OK;
}

int xLock(sqlite3_file *f, int level)
{
    return self(f)->real()->pMethods->xLock(self(f)->real(), level);
}

int xUnlock(sqlite3_file *f, int level)
{
    return self(f)->real()->pMethods->xUnlock(self(f)->real(), level);
}

int xCheckReservedLock(sqlite3_file *f, int *out)
{
    return self(f)->real()->pMethods->xCheckReservedLock(self(f)->real(), out);
}

int xFileControl(sqlite3_file *f, int op, void *arg)
{
    File *file = self(f);
    if (file->cache) {
        if (op == SQLITE_FCNTL_MMAP_SIZE) { // no memory mapping: reads must see the cache
            if (arg)
                *static_cast<i64 *>(arg) = 0;
            return SQLITE_OK;
        }
        if (op == SQLITE_FCNTL_SIZE_HINT) // a hint; the wrapped VFS would grow the file on disk
            return SQLITE_OK;
    }
    return file->real()->pMethods->xFileControl(file->real(), op, arg);
}

int xSectorSize(sqlite3_file *f)
{
    return self(f)->real()->pMethods->xSectorSize(self(f)->real());
}

int xDeviceCharacteristics(sqlite3_file *f)
{
    const int real = self(f)->real()->pMethods->xDeviceCharacteristics(self(f)->real());
    // A batch of cached writes is not the file system's atomic batch (F2FS): SQLite must not
    // count on one.
    return self(f)->cache ? real & ~SQLITE_IOCAP_BATCH_ATOMIC : real;
}

int xShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **p)
{
    return self(f)->real()->pMethods->xShmMap(self(f)->real(), region, size, extend, p);
}

int xShmLock(sqlite3_file *f, int offset, int n, int flags)
{
    return self(f)->real()->pMethods->xShmLock(self(f)->real(), offset, n, flags);
}

void xShmBarrier(sqlite3_file *f)
{
    self(f)->real()->pMethods->xShmBarrier(self(f)->real());
}

int xShmUnmap(sqlite3_file *f, int deleteFlag)
{
    return self(f)->real()->pMethods->xShmUnmap(self(f)->real(), deleteFlag);
}

int xFetch(sqlite3_file *, i64, int, void **p)
{
    *p = nullptr; // never mapped: SQLite reads with xRead
    return SQLITE_OK;
}

int xUnfetch(sqlite3_file *, i64, void *)
{
    return SQLITE_OK;
}

const sqlite3_io_methods kMethods = {
    .iVersion = 3,
    .xClose = xClose,
    .xRead = xRead,
    .xWrite = xWrite,
    .xTruncate = xTruncate,
    .xSync = xSync,
    .xFileSize = xFileSize,
    .xLock = xLock,
    .xUnlock = xUnlock,
    .xCheckReservedLock = xCheckReservedLock,
    .xFileControl = xFileControl,
    .xSectorSize = xSectorSize,
    .xDeviceCharacteristics = xDeviceCharacteristics,
    .xShmMap = xShmMap,
    .xShmLock = xShmLock,
    .xShmBarrier = xShmBarrier,
    .xShmUnmap = xShmUnmap,
    .xFetch = xFetch,
    .xUnfetch = xUnfetch,
};

// --- the VFS -------------------------------------------------------------------------------------

int vfsOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
{
    File *file = new (f) File();
    sqlite3_file *real = file->real();
    // The wrapped VFS gets the very name SQLite passed: its URI parameters follow it in memory.
    const int rc = g_real->xOpen(g_real, name, real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (real->pMethods)
            real->pMethods->xClose(real);
        file->~File();
        f->pMethods = nullptr;
        return rc;
    }
    const int durableKinds =
        SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL;
    if (name && (flags & durableKinds) && !(flags & SQLITE_OPEN_DELETEONCLOSE)) {
        std::lock_guard lock(g_registryMutex);
        std::shared_ptr<Cache> &cache = g_registry[name];
        if (!cache) {
            cache = std::make_shared<Cache>();
            i64 size = 0;
            if (int sizeRc = real->pMethods->xFileSize(real, &size); sizeRc != SQLITE_OK) {
                g_registry.erase(name);
                real->pMethods->xClose(real);
                file->~File();
                f->pMethods = nullptr;
                return sizeRc;
            }
            cache->size = size;
        }
        file->cache = cache;
        if (flags & SQLITE_OPEN_MAIN_DB) {
            ++g_dbOpens;
            writeCounters();
        }
    }
    f->pMethods = &kMethods;
    return SQLITE_OK;
}

int vfsDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    {
        std::lock_guard lock(g_registryMutex);
        g_registry.erase(name); // what was cached goes with the file (handles still open keep it)
    }
    return g_real->xDelete(g_real, name, syncDir);
}

int vfsAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g_real->xAccess(g_real, name, flags, out);
}

int vfsFullPathname(sqlite3_vfs *, const char *name, int n, char *out)
{
    return g_real->xFullPathname(g_real, name, n, out);
}

void *vfsDlOpen(sqlite3_vfs *, const char *name)
{
    return g_real->xDlOpen(g_real, name);
}

void vfsDlError(sqlite3_vfs *, int n, char *out)
{
    g_real->xDlError(g_real, n, out);
}

void (*vfsDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return g_real->xDlSym(g_real, handle, symbol);
}

void vfsDlClose(sqlite3_vfs *, void *handle)
{
    g_real->xDlClose(g_real, handle);
}

int vfsRandomness(sqlite3_vfs *, int n, char *out)
{
    return g_real->xRandomness(g_real, n, out);
}

int vfsSleep(sqlite3_vfs *, int microseconds)
{
    return g_real->xSleep(g_real, microseconds);
}

int vfsCurrentTime(sqlite3_vfs *, double *out)
{
    return g_real->xCurrentTime(g_real, out);
}

int vfsGetLastError(sqlite3_vfs *, int n, char *out)
{
    return g_real->xGetLastError ? g_real->xGetLastError(g_real, n, out) : 0;
}

int vfsCurrentTimeInt64(sqlite3_vfs *, i64 *out)
{
    return g_real->xCurrentTimeInt64(g_real, out);
}

sqlite3_vfs g_vfs = {};

// --- the negative control: synchronous=NORMAL ---------------------------------------------------

int ignoreSynchronous(void *, int action, const char *pragma, const char *value, const char *, const char *)
{
    if (action == SQLITE_PRAGMA && pragma && value && sqlite3_stricmp(pragma, "synchronous") == 0) {
        ++g_ignoredPragmas;
        writeCounters();
        return SQLITE_IGNORE; // the pragma compiles to nothing
    }
    return SQLITE_OK;
}

int forceNormal(sqlite3 *db, const char **, const sqlite3_api_routines *)
{
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) == SQLITE_OK)
        ++g_forcedNormal;
    sqlite3_set_authorizer(db, ignoreSynchronous, nullptr);
    writeCounters();
    return SQLITE_OK;
}

[[gnu::constructor]] void install()
{
    const char *logPath = std::getenv("OKNO_POWERLOSS_LOG");
    const char *early = std::getenv("OKNO_POWERLOSS_EARLY_WRITES");
    const char *seed = std::getenv("OKNO_POWERLOSS_SEED");
    const char *synchronous = std::getenv("OKNO_POWERLOSS_SYNCHRONOUS");
    g_earlyPercent = early ? std::atoi(early) : 0;
    g_rng = seed ? std::strtoull(seed, nullptr, 10) : std::uint64_t(::getpid());
    const bool normal = synchronous && std::strcmp(synchronous, "NORMAL") == 0;

    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real) {
        std::fprintf(stderr, "okno-powerloss: no default SQLite VFS to wrap\n");
        return;
    }
    g_vfs.iVersion = std::min(g_real->iVersion, 2);
    g_vfs.szOsFile = int(sizeof(File)) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "okno-powerloss";
    g_vfs.xOpen = vfsOpen;
    g_vfs.xDelete = vfsDelete;
    g_vfs.xAccess = vfsAccess;
    g_vfs.xFullPathname = vfsFullPathname;
    g_vfs.xDlOpen = vfsDlOpen;
    g_vfs.xDlError = vfsDlError;
    g_vfs.xDlSym = vfsDlSym;
    g_vfs.xDlClose = vfsDlClose;
    g_vfs.xRandomness = vfsRandomness;
    g_vfs.xSleep = vfsSleep;
    g_vfs.xCurrentTime = vfsCurrentTime;
    g_vfs.xGetLastError = vfsGetLastError;
    g_vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    if (int rc = sqlite3_vfs_register(&g_vfs, 1); rc != SQLITE_OK) {
        std::fprintf(stderr, "okno-powerloss: cannot register the VFS: %s\n", sqlite3_errstr(rc));
        return;
    }
    if (normal) {
        using Entry = void (*)(void);
        sqlite3_auto_extension(reinterpret_cast<Entry>(&forceNormal));
    }

    if (logPath) {
        g_logFd = ::open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        Dl_info where{};
        void *symbol = nullptr;
        const auto function = &sqlite3_vfs_register;
        static_assert(sizeof symbol == sizeof function);
        std::memcpy(&symbol, &function, sizeof symbol);
        const char *library = dladdr(symbol, &where) && where.dli_fname ? where.dli_fname : "?";
        char header[1024];
        const int n = std::snprintf(header, sizeof header,
                                    "okno-powerloss pid=%d sqlite=%s library=%s synchronous=%s "
                                    "early-writes=%d%%\n",
                                    int(::getpid()), sqlite3_libversion(), library,
                                    normal ? "NORMAL" : "as-the-server-sets-it", g_earlyPercent);
        if (g_logFd >= 0 && n > 0 && ::write(g_logFd, header, std::size_t(n)) == n)
            g_countersAt = n;
        writeCounters();
    }
}

} // namespace
