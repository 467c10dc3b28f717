// Benchmarks of the SQLite store at the storage port: durable commits/s with 1, 16 and 64
// concurrent committers (group commit), the disk's own fsync rate beside it, and a
// patient-scoped search sorted by date descending at 10k, 100k and 1M stored resources
// (p50/p99 as counters), and the floor of a durable audit trail: bare appends of one audit
// record's bytes through the raw SQLite API (bench/audit_bench.sh compares it with a read).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include "storage/sqlite/sqlite_store.hpp"

namespace {

using namespace gateway::storage;

// A directory under $TMPDIR removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "store-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::unique_ptr<SqliteStore> open_store(const std::string& path) {
  SqliteStoreOptions options;
  options.path = path;
  options.read_connections = 4;
  auto opened = SqliteStore::open(options);
  if (!opened) std::abort();
  return std::move(*opened);
}

ResourceWrite patient(std::string id) {
  IndexValues index;
  index.tokens.push_back({"identifier", "urn:bench", id, ""});
  index.strings.push_back({"family", "hansen", "Hansen"});
  index.compartments.push_back(compartment_key(id));
  nlohmann::json body = {{"resourceType", "Patient"},
                         {"id", id},
                         {"name", {{{"family", "Hansen"}, {"given", {"Kari"}}}}}};
  return ResourceWrite{"Patient", std::move(id), std::move(body), 0, std::move(index)};
}

ResourceWrite condition(std::string id, const std::string& patient_id, std::int64_t onset) {
  IndexValues index;
  index.tokens.push_back({"code", "http://snomed.info/sct", "44054006", ""});
  index.references.push_back({"subject", "Patient", patient_id, "", "", ""});
  index.dates.push_back({"onset-date", onset, onset + 86'399'999});
  index.compartments.push_back(compartment_key(patient_id));
  nlohmann::json body = {
      {"resourceType", "Condition"},
      {"id", id},
      {"subject", {{"reference", "Patient/" + patient_id}}},
      {"code", {{"coding", {{{"system", "http://snomed.info/sct"}, {"code", "44054006"}}}}}}};
  return ResourceWrite{"Condition", std::move(id), std::move(body), 0, std::move(index)};
}

// ---- durable commits --------------------------------------------------------------------

struct CommitState {
  ScratchDir dir;
  std::unique_ptr<SqliteStore> store = open_store(dir.file("commits.db"));
  std::atomic<long> next{0};
};
std::unique_ptr<CommitState> commit_state;

void bm_durable_commits(benchmark::State& state) {
  if (state.thread_index() == 0) commit_state = std::make_unique<CommitState>();
  for (auto _ : state) {  // the threads start together once thread 0 has set up
    auto transaction = commit_state->store->begin();
    transaction->put(patient("p" + std::to_string(commit_state->next.fetch_add(1))));
    if (!transaction->commit()) state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) commit_state.reset();  // every thread is past its loop
}
BENCHMARK(bm_durable_commits)->Threads(1)->Threads(16)->Threads(64)->UseRealTime()->MinTime(2);

// The writer's work per resource without the fsync: 1000 puts in one transaction.
void bm_put_cost(benchmark::State& state) {
  ScratchDir dir;
  auto store = open_store(dir.file("puts.db"));
  long next = 0;
  for (auto _ : state) {
    auto transaction = store->begin();
    for (int i = 0; i < 1000; ++i) transaction->put(patient("p" + std::to_string(next++)));
    if (!transaction->commit()) state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(bm_put_cost)->UseRealTime()->MinTime(2);

// The disk under the store: 4 KiB written and fdatasync'd per iteration.
void bm_fsync(benchmark::State& state) {
  ScratchDir dir;
  const int fd = ::open(dir.file("fsync").c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  const std::string page(4096, 'x');
  for (auto _ : state) {
    if (pwrite(fd, page.data(), page.size(), 0) < 0 || fdatasync(fd) != 0) {
      state.SkipWithError("write failed");
    }
  }
  ::close(fd);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_fsync)->UseRealTime()->MinTime(2);

// ---- the floor of a durable audit trail -------------------------------------------------

// One audit record's bytes: the file $AUDIT_RECORD (an AuditEvent the gateway wrote), else
// 2,816 bytes, the size the gateway's read AuditEvent has.
std::string audit_record() {
  if (const char* path = std::getenv("AUDIT_RECORD")) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!bytes.empty()) return bytes;
  }
  return std::string(2816, 'a');
}

// Appends the AuditEvent `range(0)` records per WAL commit with synchronous = FULL (the
// gateway's settings), one thread, into a fresh database made by `schema`, with `insert`
// whose parameters `bind` sets per record. Reports the CPU time per record.
void run_audit_appends(benchmark::State& state, const char* schema, const char* insert_sql,
                       const std::function<void(sqlite3_stmt*, const std::string&)>& bind) {
  ScratchDir dir;
  sqlite3* db = nullptr;
  if (sqlite3_open(dir.file("audit.db").c_str(), &db) != SQLITE_OK) std::abort();
  const std::string setup =
      std::string("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;") + schema;
  if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) std::abort();
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, insert_sql, -1, &insert, nullptr) != SQLITE_OK) std::abort();
  const std::string record = audit_record();
  const auto batch = state.range(0);
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (std::int64_t i = 0; i < batch; ++i) {
      bind(insert, record);
      if (sqlite3_step(insert) != SQLITE_DONE) state.SkipWithError("insert failed");
      sqlite3_reset(insert);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      state.SkipWithError("commit failed");
    }
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["record_bytes"] = static_cast<double>(record.size());
  state.counters["cpu_per_record"] =
      benchmark::Counter(static_cast<double>(state.iterations() * batch),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void bind_text(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

// The least any durable audit trail on SQLite does per record: append its bytes to a table
// with no secondary index. The CPU time per record is the ceiling's input.
void bm_audit_append(benchmark::State& state) {
  run_audit_appends(
      state, "CREATE TABLE audit (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);",
      "INSERT INTO audit (json) VALUES (?1)",
      [](sqlite3_stmt* insert, const std::string& record) { bind_text(insert, 1, record); });
}
BENCHMARK(bm_audit_append)->Arg(10)->Arg(16)->MinTime(2);

// The least a searchable access log does per record: the same append with the columns the
// access log's queries need (patient, agent, recorded time, outcome, purpose, request id)
// and one B-tree each for patient, agent, time and request id: the ceiling of an audit table
// kept outside the generic resource store. 1,000 patients, 200 practitioners.
void bm_audit_append_indexed(benchmark::State& state) {
  std::mt19937_64 random(7);
  std::int64_t recorded = 1'780'000'000'000;
  std::string patient, agent, request_id;  // bound SQLITE_STATIC: live until the step
  run_audit_appends(
      state,
      "CREATE TABLE audit (seq INTEGER PRIMARY KEY, recorded INTEGER NOT NULL, patient TEXT,"
      " agent TEXT, outcome TEXT, purpose TEXT, request_id TEXT, json TEXT NOT NULL);"
      "CREATE INDEX audit_patient ON audit (patient, recorded);"
      "CREATE INDEX audit_agent ON audit (agent, recorded);"
      "CREATE INDEX audit_recorded ON audit (recorded);"
      "CREATE INDEX audit_request ON audit (request_id);",
      "INSERT INTO audit (recorded, patient, agent, outcome, purpose, request_id, json)"
      " VALUES (?1, ?2, ?3, '0', 'TREAT', ?4, ?5)",
      [&](sqlite3_stmt* insert, const std::string& record) {
        patient =
            "urn:oid:2.16.578.1.12.4.1.4.1|" + std::to_string(10'000'000'000 + random() % 1000);
        agent = std::to_string(500'000'000 + random() % 200);
        request_id = std::to_string(random());
        sqlite3_bind_int64(insert, 1, ++recorded);
        bind_text(insert, 2, patient);
        bind_text(insert, 3, agent);
        bind_text(insert, 4, request_id);
        bind_text(insert, 5, record);
      });
}
BENCHMARK(bm_audit_append_indexed)->Arg(10)->Arg(16)->MinTime(2);

// ---- patient-scoped search ----------------------------------------------------------------

constexpr int kConditionsPerPatient = 99;  // + the Patient: 100 resources per patient

struct SearchState {
  ScratchDir dir;
  std::unique_ptr<SqliteStore> store = open_store(dir.file("search.db"));
  long resources = 0;
  long patients = 0;

  // Grows the store to `target` resources, 100 per patient, in large transactions.
  void grow(long target) {
    std::mt19937_64 random(patients);
    while (resources < target) {
      auto transaction = store->begin();
      for (int p = 0; p < 20 && resources < target; ++p) {
        const std::string pid = "p" + std::to_string(patients++);
        transaction->put(patient(pid));
        for (int c = 0; c < kConditionsPerPatient; ++c) {
          const auto onset =
              946'684'800'000 + static_cast<std::int64_t>(random() % 800'000'000'000);
          transaction->put(condition(pid + "-c" + std::to_string(c), pid, onset));
        }
        resources += kConditionsPerPatient + 1;
      }
      if (!transaction->commit()) std::abort();
    }
  }
};
std::unique_ptr<SearchState> search_state;

void bm_patient_search(benchmark::State& state) {
  if (!search_state) search_state = std::make_unique<SearchState>();
  search_state->grow(state.range(0));
  std::mt19937 random(42);
  std::vector<double> latencies;
  for (auto _ : state) {
    const std::string pid = "p" + std::to_string(random() % search_state->patients);
    SearchQuery query;
    query.type = "Condition";
    query.compartments = std::vector<std::string>{compartment_key(pid)};
    query.sort = {{"onset-date", SortKey::Kind::date, true}};
    query.count = 20;
    const auto start = std::chrono::steady_clock::now();
    auto page = search_state->store->search(query);
    latencies.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    if (!page || page->matches.size() != 20) state.SkipWithError("unexpected result");
  }
  std::sort(latencies.begin(), latencies.end());
  state.counters["p50_ms"] = latencies[latencies.size() / 2];
  state.counters["p99_ms"] = latencies[latencies.size() * 99 / 100];
  state.counters["resources"] = static_cast<double>(search_state->resources);
}
BENCHMARK(bm_patient_search)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3);

}  // namespace

BENCHMARK_MAIN();
