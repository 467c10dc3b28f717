// Blocking loopback HTTP client for tests.
#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>
#include <sys/socket.h>

namespace gateway::testing {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;

namespace {
bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
}
}  // namespace

HttpConnection::HttpConnection(unsigned short port) : socket_(ioc_) {
  socket_.connect({net::ip::make_address("127.0.0.1"), port});
  timeval limit{10, 0};  // no blocking read in a test may hang longer than this
  ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
}

HttpConnection::~HttpConnection() { close(); }

void HttpConnection::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void HttpConnection::send_raw(const std::string& bytes) {
  boost::system::error_code ignored;
  net::write(socket_, net::buffer(bytes), ignored);
}

void HttpConnection::send(const std::string& method, const std::string& target,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n" + body;
  send_raw(text);
}

std::optional<HttpResponse> HttpConnection::read(std::chrono::milliseconds timeout,
                                                 bool head_response) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(head_response);
  parser.body_limit(64 * 1024 * 1024);
  if (buffer_.size() == 0 && !wait_readable(socket_.native_handle(), timeout)) return std::nullopt;
  boost::system::error_code ec;
  bhttp::read(socket_, buffer_, parser, ec);
  if (ec) return std::nullopt;
  return parser.release();
}

bool HttpConnection::closed_by_peer(std::chrono::milliseconds timeout) {
  if (!wait_readable(socket_.native_handle(), timeout)) return false;
  char byte;
  boost::system::error_code ec;
  socket_.read_some(net::buffer(&byte, 1), ec);
  return ec == net::error::eof || ec == net::error::connection_reset;
}

std::optional<HttpResponse> http_request(
    unsigned short port, const std::string& method, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  HttpConnection c(port);
  c.send(method, target, headers, body);
  return c.read();
}

}  // namespace gateway::testing
