-- wrk script: each request carries the access token and a proof never sent before.
-- Thread n reads its token from token-n.txt and its proofs from proofs-n.txt in PROOF_DIR.
-- REQUEST_METHOD (default GET) and, for writes, REQUEST_BODY_FILE: the body sent each time.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  proofs = {}
  for line in io.lines(os.getenv("PROOF_DIR") .. "/proofs-" .. id .. ".txt") do
    proofs[#proofs + 1] = line
  end
  next_proof = 1
  local file = io.open(os.getenv("PROOF_DIR") .. "/token-" .. id .. ".txt")
  token = file:read("*a")
  file:close()
  path = os.getenv("REQUEST_PATH")
  method = os.getenv("REQUEST_METHOD") or "GET"
  local body_file = os.getenv("REQUEST_BODY_FILE")
  if body_file then
    local f = io.open(body_file)
    body = f:read("*a")
    f:close()
  end
end

function request()
  local proof = proofs[next_proof]
  next_proof = next_proof + 1
  if next_proof > #proofs then next_proof = 1 end  -- wrapping around shows up as 401s
  local headers = {["Authorization"] = "DPoP " .. token, ["DPoP"] = proof}
  if body then headers["Content-Type"] = "application/fhir+json" end
  return wrk.format(method, path, headers, body)
end
