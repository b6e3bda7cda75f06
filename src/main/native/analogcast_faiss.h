// Small C++ helpers for the JavaCPP mapping of FAISS (see FaissNative.java).
// They keep ownership rules in one place: whatever these return is deleted with delete_index().
#pragma once
#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/index_io.h>
#include <omp.h>
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

inline int omp_threads() { return omp_get_max_threads(); }
inline void set_omp_threads(int n) { omp_set_num_threads(n); }

}  // namespace analogcast
