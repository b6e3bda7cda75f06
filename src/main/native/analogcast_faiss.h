// Small C++ helpers for the JavaCPP mapping of FAISS (see FaissNative.java).
// They keep ownership rules in one place: whatever these return is deleted with delete_index().
#pragma once
#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/index_io.h>
#include <faiss/invlists/OnDiskInvertedLists.h>
#include <omp.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <typeinfo>

namespace analogcast {

inline void delete_index(faiss::Index* index) { delete index; }

// Concrete class name of any index, e.g. "IndexIVFPQ" (FAISS stores no such name itself).
inline const char* index_class_name(const faiss::Index* index) {
    if (dynamic_cast<const faiss::IndexFlatIP*>(index)) return "IndexFlatIP";
    if (dynamic_cast<const faiss::IndexFlatL2*>(index)) return "IndexFlatL2";
    if (dynamic_cast<const faiss::IndexIVFPQ*>(index)) return "IndexIVFPQ";
    if (dynamic_cast<const faiss::IndexIVFFlat*>(index)) return "IndexIVFFlat";
    if (dynamic_cast<const faiss::IndexHNSWFlat*>(index)) return "IndexHNSWFlat";
    return "Index";
}

// Bytes held by an index's own data (vectors, codes, lists, graph), for gauges and logs.
inline long long index_data_bytes(const faiss::Index* index) {
    if (auto flat = dynamic_cast<const faiss::IndexFlatCodes*>(index)) {
        return (long long)flat->codes.size();
    }
    if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(index)) {
        long long total = 0;
        for (size_t list = 0; list < ivf->nlist; list++) {
            size_t n = ivf->invlists->list_size(list);
            total += (long long)(n * (ivf->code_size + sizeof(faiss::Index::idx_t)));
        }
        return total + (long long)ivf->d * ivf->nlist * sizeof(float);
    }
    if (auto hnsw = dynamic_cast<const faiss::IndexHNSW*>(index)) {
        long long graph = (long long)(hnsw->hnsw.neighbors.size() * sizeof(faiss::HNSW::storage_idx_t));
        return graph + index_data_bytes(hnsw->storage);
    }
    return 0;
}

// An inverted file read with IO_FLAG_MMAP searches lists mapped from the file, and FAISS 1.7.3 does not check the
// lists against the file's size: a file cut short (with a matching checksum) would be read past its end, a crash.
// Returns false for such a file. It also turns off list prefetching: FAISS starts up to 32 threads per search to
// touch the probed lists' pages ahead of the scan, which for a handful of small lists costs far more than it saves
// and takes a process-wide lock; the scan touches the pages itself.
inline bool check_mapped_lists(faiss::Index* index) {
    auto ivf = dynamic_cast<faiss::IndexIVF*>(index);
    if (!ivf) return true;
    auto mapped = dynamic_cast<faiss::OnDiskInvertedLists*>(ivf->invlists);
    if (!mapped) return true;
    mapped->prefetch_nthread = 0;
    size_t entry = mapped->code_size + sizeof(faiss::Index::idx_t);
    for (const faiss::OnDiskOneList& list : mapped->lists) {
        if (list.capacity < list.size || list.offset > mapped->totsize
                || list.capacity > (mapped->totsize - list.offset) / entry) {
            return false;
        }
    }
    return true;
}

// A file mapped read-only, for data beside an index (the sidecar): unmapped explicitly when its station is freed,
// not whenever a garbage collector gets round to a MappedByteBuffer. Null when the file cannot be mapped.
inline void* map_read_only(const char* path, long long length) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    void* mapped = mmap(nullptr, (size_t)length, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    return mapped == MAP_FAILED ? nullptr : mapped;
}

inline int unmap(void* address, long long length) { return munmap(address, (size_t)length); }

inline int omp_threads() { return omp_get_max_threads(); }
inline void set_omp_threads(int n) { omp_set_num_threads(n); }

}  // namespace analogcast
