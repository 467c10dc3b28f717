// Blocking HTTP test client over loopback: well-formed requests through Beast, raw bytes for
// malformed ones, and helpers to read one response at a time (for keep-alive and pipelining).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gateway::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class HttpConnection {
 public:
  explicit HttpConnection(unsigned short port);
  ~HttpConnection();

  // Sends raw bytes as they are.
  void send_raw(const std::string& bytes);
  // Sends one request; `headers` are added as given.
  void send(const std::string& method, const std::string& target,
            const std::vector<std::pair<std::string, std::string>>& headers = {},
            const std::string& body = {});
  // Reads one response; nullopt if the server closed the connection or `timeout` passed.
  // For the answer to a HEAD request pass `head_response`: its Content-Length has no body.
  std::optional<HttpResponse> read(std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                   bool head_response = false);
  // True once the server has closed the connection (reads EOF within `timeout`).
  bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void close();

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// One request on a fresh connection.
std::optional<HttpResponse> http_request(
    unsigned short port, const std::string& method, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers = {},
    const std::string& body = {});

}  // namespace gateway::testing
