// Private: a bounded cache of answers that hold for one index view (Generation::epoch), the least
// recently used dropped first. Thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace fundus::searchd {

template <typename Value> class GenerationCache {
public:
    /// Keeps at most `capacity` entries; 0 keeps none (every find misses).
    explicit GenerationCache(std::size_t capacity) : capacity_(capacity) {}

    /// The value stored for `key` in `epoch`, or nothing (also for any other epoch).
    std::optional<Value> find(unsigned epoch, const std::string& key) {
        std::lock_guard lock(mutex_);
        if (epoch != epoch_)
            return std::nullopt;
        const auto it = index_.find(key);
        if (it == index_.end())
            return std::nullopt;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
    }

    /// Keeps `value` for `key`. A newer epoch first drops everything kept for the one before; an
    /// older one (a request that started before the switch) is not kept.
    void store(unsigned epoch, const std::string& key, Value value) {
        std::lock_guard lock(mutex_);
        if (capacity_ == 0 || epoch < epoch_)
            return;
        if (epoch > epoch_) {
            order_.clear();
            index_.clear();
            epoch_ = epoch;
        }
        if (const auto it = index_.find(key); it != index_.end()) {
            it->second->second = std::move(value);
            order_.splice(order_.begin(), order_, it->second);
            return;
        }
        order_.emplace_front(key, std::move(value));
        index_.emplace(key, order_.begin());
        if (order_.size() > capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
    }

    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return order_.size();
    }

private:
    using Entries = std::list<std::pair<std::string, Value>>; ///< most recently used first
    mutable std::mutex mutex_;
    std::size_t capacity_;
    unsigned epoch_ = 0;
    Entries order_;
    std::unordered_map<std::string, typename Entries::iterator> index_;
};

} // namespace fundus::searchd
