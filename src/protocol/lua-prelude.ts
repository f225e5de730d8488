/** The Lua side of UDFs, shared by the embedded server and the client's aggregation phase: Aerospike's list, map, bytes, geojson, record and aerospike APIs, stream ops, and the value transfer format. */

/**
 * Lua source run once per engine. It receives the host functions and the
 * chunk-name prefix of modules as its varargs (so UDF code never sees them)
 * and defines the globals a real node's Lua offers. Values cross to the host
 * as ASCII text (the server's udf/lua-values.ts, the client's
 * query/lua-values.ts): `N`, `T`, `F`, `I<int>;`, `D<float>;`, `S<hex>;`,
 * `B<type>:<hex>;`, `G<hex>;`, `L<n>;` + items, `M<n>;` + key/value pairs,
 * `U` for a value with no Aerospike type.
 */
export const LUA_PRELUDE = String.raw`
local host, chunk_prefix = ...
local format, byte, char, rep, concat = string.format, string.byte, string.char, string.rep, table.concat
local mtype, floor = math.type, math.floor
local setmetatable, getmetatable, type, tostring, load, error, pcall = setmetatable, getmetatable, type, tostring, load, error, pcall
local sethook, unpack = debug.sethook, table.unpack

local List, Map, Bytes, GeoJSON, Record = {}, {}, {}, {}, {}
local BLOB = 4

local function hex(s)
  local n = #s
  if n == 0 then return '' end
  local parts = {}
  for i = 1, n, 4096 do
    local j = i + 4095
    if j > n then j = n end
    parts[#parts + 1] = format(rep('%02x', j - i + 1), byte(s, i, j))
  end
  return concat(parts)
end

-- Whether v can be stored in a list, map or bin (plain tables, functions and records cannot).
local function storable(v)
  local t = type(v)
  if t == 'nil' or t == 'boolean' or t == 'number' or t == 'string' then return true end
  if t ~= 'table' then return false end
  local mt = getmetatable(v)
  return mt == List or mt == Map or mt == Bytes or mt == GeoJSON
end

local encode
local function encode_into(v, out)
  local t = type(v)
  if v == nil then out[#out + 1] = 'N'
  elseif t == 'boolean' then out[#out + 1] = v and 'T' or 'F'
  elseif t == 'number' then
    if mtype(v) == 'integer' then out[#out + 1] = format('I%d;', v)
    else out[#out + 1] = format('D%.17g;', v) end
  elseif t == 'string' then out[#out + 1] = 'S' .. hex(v) .. ';'
  elseif t == 'table' then
    local mt = getmetatable(v)
    if mt == List then
      out[#out + 1] = format('L%d;', v.n)
      for i = 1, v.n do encode_into(v.v[i], out) end
    elseif mt == Map then
      out[#out + 1] = format('M%d;', #v.k)
      for i = 1, #v.k do
        encode_into(v.k[i], out)
        encode_into(v.v[i], out)
      end
    elseif mt == Bytes then out[#out + 1] = format('B%d:', v.t) .. hex(v.b) .. ';'
    elseif mt == GeoJSON then out[#out + 1] = 'G' .. hex(v.j) .. ';'
    else out[#out + 1] = 'U' end
  else out[#out + 1] = 'U' end
end
encode = function(v)
  local out = {}
  encode_into(v, out)
  return concat(out)
end

-- Lists: 1-based, may hold nil, size kept in n.
local function new_list(items, n) return setmetatable({ v = items or {}, n = n or 0 }, List) end
list = setmetatable({}, { __call = function(_, t)
  local l = new_list()
  -- As a real node: every value under a number key, in key order (nil is never among them).
  if type(t) == 'table' then
    local keys = {}
    for k in pairs(t) do if type(k) == 'number' then keys[#keys + 1] = k end end
    table.sort(keys)
    for _, k in ipairs(keys) do
      if storable(t[k]) then l.n = l.n + 1; l.v[l.n] = t[k] end
    end
  end
  return l
end })
function list.create() return new_list() end
list.new = list.create
function list.size(l) return l.n end
function list.append(l, v) if storable(v) then l.n = l.n + 1; l.v[l.n] = v end end
function list.prepend(l, v) if storable(v) then table.insert(l.v, 1, v); l.n = l.n + 1 end end
function list.insert(l, i, v)
  if type(i) ~= 'number' or i < 1 or not storable(v) then return end
  if i > l.n then l.v[i] = v; l.n = i else table.insert(l.v, i, v); l.n = l.n + 1 end
end
function list.remove(l, i)
  if type(i) ~= 'number' or i < 1 or i > l.n then return end
  table.remove(l.v, i); l.n = l.n - 1
end
function list.concat(l, other) for i = 1, other.n do l.n = l.n + 1; l.v[l.n] = other.v[i] end end
function list.trim(l, i)
  if type(i) ~= 'number' or i < 1 then return end
  for j = i, l.n do l.v[j] = nil end
  if i <= l.n then l.n = i - 1 end
end
function list.take(l, n)
  if type(n) ~= 'number' or n < 1 then return nil end
  if n > l.n then n = l.n end
  local out = new_list()
  for i = 1, n do out.v[i] = l.v[i] end
  out.n = n
  return out
end
function list.drop(l, n)
  if type(n) ~= 'number' or n < 1 then return nil end
  local out = new_list()
  for i = n + 1, l.n do out.n = out.n + 1; out.v[out.n] = l.v[i] end
  return out
end
function list.iterator(l)
  local i = 0
  return function()
    if i >= l.n then return nil end
    i = i + 1
    return l.v[i]
  end
end
function list.clone(l)
  local out = new_list()
  for i = 1, l.n do out.v[i] = l.v[i] end
  out.n = l.n
  return out
end
function list.merge(a, b)
  local out = list.clone(a)
  list.concat(out, b)
  return out
end
local function show(v)
  local mt = type(v) == 'table' and getmetatable(v)
  if type(v) == 'string' then return v end
  if mt and mt.__tostring then return mt.__tostring(v) end
  return tostring(v)
end
function list.tostring(l)
  local parts = {}
  for i = 1, l.n do parts[i] = show(l.v[i]) end
  return 'List(' .. concat(parts, ', ') .. ')'
end
function list.nbytes(l) return #encode(l) end
List.__index = function(l, i) if type(i) == 'number' then return l.v[i] end end
List.__newindex = function(l, i, v)
  if type(i) ~= 'number' or i < 1 or not storable(v) then return end
  l.v[i] = v
  if i > l.n then l.n = i end
end
List.__len = function(l) return l.n end
List.__tostring = list.tostring

-- Maps: insertion-ordered; keys compare by Aerospike value (1 and 1.0 differ).
local function key_of(k)
  local t = type(k)
  if t == 'number' and mtype(k) == 'float' then return 'F' .. format('%a', k) end
  if t == 'table' then return 'X' .. encode(k) end
  if t == 'string' then return 'S' .. k end
  return k
end
local function new_map() return setmetatable({ k = {}, v = {}, i = {} }, Map) end
local function map_get(m, k)
  local i = m.i[key_of(k)]
  if i then return m.v[i] end
end
local function map_remove(m, k)
  local key = key_of(k)
  local i = m.i[key]
  if not i then return end
  table.remove(m.k, i); table.remove(m.v, i); m.i[key] = nil
  for j = i, #m.k do m.i[key_of(m.k[j])] = j end
end
local function map_set(m, k, v)
  if k == nil or not storable(k) then return end
  if v == nil then return map_remove(m, k) end
  if not storable(v) then return end
  local key = key_of(k)
  local i = m.i[key]
  if i then m.v[i] = v return end
  i = #m.k + 1
  m.k[i] = k; m.v[i] = v; m.i[key] = i
end
map = setmetatable({}, { __call = function(_, t)
  local m = new_map()
  if type(t) == 'table' then for k, v in pairs(t) do map_set(m, k, v) end end
  return m
end })
function map.create() return new_map() end
map.new = map.create
function map.size(m) return #m.k end
function map.remove(m, k) map_remove(m, k) end
function map.pairs(m)
  local i = 0
  return function()
    i = i + 1
    if m.k[i] ~= nil then return m.k[i], m.v[i] end
  end
end
map.iterator = map.pairs
function map.keys(m)
  local i = 0
  return function() i = i + 1; return m.k[i] end
end
function map.values(m)
  local i = 0
  return function()
    i = i + 1
    if m.k[i] ~= nil then return m.v[i] end
  end
end
function map.clone(m)
  local out = new_map()
  for i = 1, #m.k do map_set(out, m.k[i], m.v[i]) end
  return out
end
function map.merge(a, b, f)
  local out = map.clone(a)
  for i = 1, #b.k do
    local k, v = b.k[i], b.v[i]
    local old = map_get(out, k)
    if old ~= nil and type(f) == 'function' then v = f(old, v) or v end
    map_set(out, k, v)
  end
  return out
end
function map.diff(a, b)
  local out = new_map()
  for i = 1, #a.k do if map_get(b, a.k[i]) == nil then map_set(out, a.k[i], a.v[i]) end end
  for i = 1, #b.k do if map_get(a, b.k[i]) == nil then map_set(out, b.k[i], b.v[i]) end end
  return out
end
function map.tostring(m)
  local parts = {}
  for i = 1, #m.k do parts[i] = show(m.k[i]) .. '=' .. show(m.v[i]) end
  return 'Map(' .. concat(parts, ', ') .. ')'
end
function map.nbytes(m) return #encode(m) end
Map.__index = map_get
Map.__newindex = map_set
Map.__len = function(m) return #m.k end
Map.__tostring = map.tostring

-- Bytes: a byte string with a particle type (4 = blob).
local function new_bytes(b, t) return setmetatable({ b = b or '', t = t or BLOB }, Bytes) end
bytes = setmetatable({}, { __call = function() return new_bytes() end })
local function grow(b, size) if #b.b < size then b.b = b.b .. rep('\0', size - #b.b) end end
local function put(b, i, s)
  if type(i) ~= 'number' or i < 1 then return false end
  grow(b, i - 1)
  b.b = b.b:sub(1, i - 1) .. s .. b.b:sub(i + #s)
  return true
end
local function get(b, i, n)
  if type(i) ~= 'number' or i < 1 or i + n - 1 > #b.b then return nil end
  return b.b:sub(i, i + n - 1)
end
function bytes.size(b) return #b.b end
function bytes.set_size(b, n)
  if type(n) ~= 'number' or n < 0 then return false end
  if n < #b.b then b.b = b.b:sub(1, n) else grow(b, n) end
  return true
end
function bytes.get_type(b) return b.t end
function bytes.set_type(b, t) b.t = t; return true end
function bytes.get_byte(b, i) local s = get(b, i, 1) return s and byte(s) end
function bytes.set_byte(b, i, v)
  if type(v) ~= 'number' or v < 0 or v > 255 then return false end
  return put(b, i, char(v))
end
function bytes.append_byte(b, v) return bytes.set_byte(b, #b.b + 1, v) end
function bytes.get_string(b, i, n) return get(b, i, n) end
function bytes.set_string(b, i, s) return put(b, i, s) end
function bytes.append_string(b, s) return put(b, #b.b + 1, s) end
function bytes.get_bytes(b, i, n) local s = get(b, i, n) return s and new_bytes(s) end
function bytes.set_bytes(b, i, o, n) return put(b, i, o.b:sub(1, n or #o.b)) end
function bytes.append_bytes(b, o, n) return put(b, #b.b + 1, o.b:sub(1, n or #o.b)) end
for _, w in ipairs({ { 'int16', 2 }, { 'int32', 4 }, { 'int64', 8 } }) do
  local name, size = w[1], w[2]
  for _, e in ipairs({ { '_be', '>' }, { '_le', '<' }, { '', '>' } }) do
    local fmt = e[2] .. 'i' .. size
    bytes['get_' .. name .. e[1]] = function(b, i)
      local s = get(b, i, size)
      return s and string.unpack(fmt, s)
    end
    bytes['set_' .. name .. e[1]] = function(b, i, v) return put(b, i, string.pack(fmt, v)) end
    bytes['append_' .. name .. e[1]] = function(b, v) return put(b, #b.b + 1, string.pack(fmt, v)) end
  end
end
function bytes.get_var_int(b, i)
  local v, shift, n = 0, 0, 0
  while true do
    local c = bytes.get_byte(b, i + n)
    if c == nil then return nil end
    n = n + 1
    v = v | ((c & 0x7f) << shift)
    if c < 0x80 then return v, n end
    shift = shift + 7
  end
end
function bytes.set_var_int(b, i, v)
  local out = {}
  repeat
    local c = v & 0x7f
    v = v >> 7
    out[#out + 1] = char(v ~= 0 and (c | 0x80) or c)
  until v == 0
  return put(b, i, concat(out)) and #out or 0
end
function bytes.append_var_int(b, v) return bytes.set_var_int(b, #b.b + 1, v) end
function bytes.tostring(b) return 'Bytes(' .. hex(b.b) .. ')' end
Bytes.__index = function(b, i) if type(i) == 'number' then return bytes.get_byte(b, i) end end
Bytes.__newindex = function(b, i, v) bytes.set_byte(b, i, v) end
Bytes.__len = function(b) return #b.b end
Bytes.__tostring = bytes.tostring

-- GeoJSON values: their JSON text.
local function new_geojson(j) return setmetatable({ j = j }, GeoJSON) end
geojson = setmetatable({}, { __call = function(_, j) return new_geojson(tostring(j)) end })
GeoJSON.__tostring = function(g) return g.j end

function math.sum(a, b) return a + b end
function math.product(a, b) return a * b end

-- Values sent by the host: Lua expressions over these constructors.
local env = { L = new_list, B = new_bytes, G = new_geojson, mininteger = math.mininteger,
  M = function(kv)
    local m = new_map()
    for i = 1, #kv, 2 do map_set(m, kv[i], kv[i + 1]) end
    return m
  end }
local function decode(src) return load('return ' .. src, '=value', 't', env)() end

-- The record of the current call: bins read on demand and cached, writes kept until create/update.
local current, cache
local function check_record(r) if r ~= current then error('record is not open', 3) end end
local function dirty_updates()
  local out = {}
  for name, e in pairs(cache) do
    if e.dirty then
      out[#out + 1] = 'S' .. hex(name) .. ';'
      encode_into(e.value, out)
    end
  end
  return concat(out)
end
local function after_write(rc)
  if rc == 0 then for _, e in pairs(cache) do e.dirty = false end
  else cache = {} end
  return rc
end
local function bin_name(name)
  if type(name) == 'number' then name = tostring(name) end
  if type(name) ~= 'string' then error(format("bad argument #2 to 'record' (string expected, got %s)", type(name)), 3) end
  return name
end
Record.__index = function(r, name)
  name = bin_name(name)
  if r ~= current or #name > 15 then return nil end
  local e = cache[name]
  if e then return e.value end
  local src = host.get(name)
  if src == nil then return nil end
  local v = decode(src)
  cache[name] = { value = v, dirty = false }
  return v
end
Record.__newindex = function(r, name, v)
  name = bin_name(name)
  if not storable(v) then error(format('can\'t set bin %s to unsupported type', name), 2) end
  if r ~= current or #name > 15 then return end
  cache[name] = { value = v, dirty = true }
end

record = {}
function record.ttl(r) check_record(r) return host.meta('ttl') end
function record.gen(r) check_record(r) return host.meta('gen') end
function record.last_update_time(r) check_record(r) return host.meta('lut') end
function record.size(r) check_record(r) return host.meta('size') end
record.memory_size = record.size
record.device_size = function(r) check_record(r) return 0 end
function record.numbins(r) check_record(r) return host.meta('numbins') end
function record.setname(r) check_record(r) local s = host.get_text('set') return s end
function record.key(r) check_record(r) local src = host.get_text('key') return src and decode(src) end
function record.digest(r) check_record(r) return decode(host.get_text('digest')) end
function record.bin_names(r)
  check_record(r)
  local src = host.get_text('bin_names')
  if src == nil then error('can\'t get bin names', 2) end
  local names = decode(src)
  local out = {}
  for i = 1, names.n do out[i] = names.v[i] end
  return out
end
function record.set_ttl(r, ttl) check_record(r) host.set_ttl(ttl or 0) end
function record.drop_key(r) check_record(r) host.drop_key() end

aerospike = {}
function aerospike:create(r) check_record(r) return after_write(host.write('create', dirty_updates())) end
function aerospike:update(r) check_record(r) return after_write(host.write('update', dirty_updates())) end
function aerospike:remove(r)
  check_record(r)
  cache = {}
  return host.write('remove', '')
end
function aerospike:exists(r) check_record(r) return host.exists() end
function aerospike:log() return 0 end
function aerospike:get_current_time() return host.meta('now') end
function aerospike:set_context() return 0 end
function aerospike:get_config() return 0 end
-- Logging: the message is formatted (a bad format raises as on a real node), then dropped. As on a
-- real node, debug() is this log function and hides Lua's debug library.
function trace(m, ...) format(m, ...) end
function debug(m, ...) format(m, ...) end
function info(m, ...) format(m, ...) end
function warn(m, ...) format(m, ...) end

-- Modules: each runs in its own environment; require() finds other registered modules.
local modules = {}
local function module_env()
  return setmetatable({}, { __index = _G })
end
local function load_module(name)
  local m = modules[name]
  if m then return m end
  local src = host.source(name)
  if src == nil then return nil end
  local env = module_env()
  local fn, err = load(src, chunk_prefix .. name .. '.lua', 't', env)
  if not fn then return nil, err end
  local ok, res = pcall(fn, name)
  if not ok then return nil, res end
  m = { env = env, value = res }
  modules[name] = m
  return m
end
table.insert(package.searchers, 2, function(name)
  local src = host.source(name)
  if src == nil then return '\n\tno registered UDF module \'' .. name .. '\'' end
  return function()
    local m, err = load_module(name)
    if not m then error(err, 0) end
    return m.value == nil and true or m.value
  end
end)

local function forget_modules()
  modules = {}
  for name in pairs(package.loaded) do
    if host.source(name) ~= nil then package.loaded[name] = nil end
  end
end

-- udf-put's compile check: nil when the source loads and runs, else the Lua error message.
local function validate(filename, src)
  local fn, err = load(src, filename, 't', module_env())
  if not fn then return err end
  local ok, res = pcall(fn)
  if not ok then return tostring(res) end
  return nil
end

-- Runs function fname of module mname on a new current record. Returns 'S' .. the encoded
-- result, 'F' .. the error message, or 'E' for an error value that is not a string.
local deadline
local function check_time()
  if host.meta('clock') > deadline then error('UDF Execution Timeout', 2) end
end
local function apply(mname, fname, args_src, timeout_ms)
  -- A module that cannot be found or loaded fails as a real node's state creation does.
  local m = load_module(mname)
  if not m then return 'FUDF: Execution Error 1' end
  local f = m.env[fname]
  if type(f) ~= 'function' then return 'Ffunction not found' end
  current, cache = setmetatable({}, Record), {}
  local args = decode(args_src)
  deadline = host.meta('clock') + timeout_ms
  sethook(check_time, '', 10000)
  local ok, res = pcall(f, current, unpack(args.v, 1, args.n))
  sethook()
  current, cache = nil, nil
  if ok then return 'S' .. encode(res) end
  if type(res) == 'string' then return 'F' .. res end
  return 'E'
end

-- Stream UDFs. The function gets a stream object and chains ops on it. On a node the ops run up to
-- and including the first reduce, once per partition over its matching records; on the client the
-- first reduce and every op after it run over the values all nodes sent. A nil value ends a stream.
local ON_NODE, EITHER, BOTH = 1, 3, 4

-- aggregate's initial value, copied for each run: lists and maps cloned, plain tables copied
-- shallowly, other Aerospike values dropped.
local function initial_copy(v)
  if type(v) ~= 'table' then return v end
  local mt = getmetatable(v)
  if mt == List then return list.clone(v) end
  if mt == Map then return map.clone(v) end
  if mt ~= nil then return nil end
  local out = {}
  for k, x in pairs(v) do out[k] = x end
  return out
end

local function filter_op(src, keep)
  local done = false
  return function()
    if done then return nil end
    for v in src do if keep(v) then return v end end
    done = true
  end
end
local function map_op(src, f)
  local done = false
  return function()
    if done then return nil end
    local v = src()
    if v == nil then done = true return nil end
    return f(v)
  end
end
local function reduce_op(src, f)
  local done = false
  return function()
    if done then return nil end
    done = true
    local acc = src()
    if acc ~= nil then for v in src do acc = f(acc, v) end end
    return acc
  end
end
-- As on a real node, a number reaching 1000 is given out at once and a new run starts from the
-- initial value (a reduce after it adds the parts up).
local function aggregate_op(src, init, f)
  local done = false
  return function()
    if done then return nil end
    local acc = initial_copy(init)
    for v in src do
      acc = f(acc, v)
      if type(acc) == 'number' and acc >= 1000 then return acc end
    end
    done = true
    return acc
  end
end

local StreamOps = {}
StreamOps.__index = StreamOps
local function add_op(s, scope, make, ...)
  s.ops[#s.ops + 1] = { scope = scope, make = make, args = table.pack(...) }
  return s
end
function StreamOps:filter(...) return add_op(self, EITHER, filter_op, ...) end
function StreamOps:map(...) return add_op(self, EITHER, map_op, ...) end
function StreamOps:aggregate(...) return add_op(self, ON_NODE, aggregate_op, ...) end
function StreamOps:reduce(...) return add_op(self, BOTH, reduce_op, ...) end

-- The ops of one side: the node's run up to the first reduce (included), the client's from it on.
local function side_ops(ops, on_client)
  local out, node_side = {}, true
  for _, op in ipairs(ops) do
    local mine = node_side ~= on_client
    if op.scope == BOTH and node_side then
      node_side = false
      mine = true
    end
    if mine then out[#out + 1] = op end
  end
  return out
end

-- The input of a node's run: each record the host moves to, as the current record.
local function node_records()
  local done = false
  return function()
    if done then return nil end
    if host.next_record() then
      current, cache = setmetatable({}, Record), {}
      return current
    end
    done = true
    current, cache = nil, nil
  end
end
-- The input of the client's run: the values the nodes sent.
local function node_values()
  local done = false
  return function()
    if done then return nil end
    local src = host.next_value()
    if src == nil then done = true return nil end
    return decode(src)
  end
end

-- Runs stream function fname of module mname on one side, handing each output value to host.emit.
-- Returns 'S' when done, 'M' when the module cannot be loaded, 'F' .. the error message, or 'E'
-- for an error value that is not a string.
local function run_stream(mname, fname, args_src, on_client)
  local m = load_module(mname)
  if not m then return 'M' end
  local f = m.env[fname]
  if f == nil then return 'Ffunction not found' end
  local args = decode(args_src)
  local ok, res = pcall(function()
    local built = f(setmetatable({ ops = {} }, StreamOps), unpack(args.v, 1, args.n))
    local values = on_client and node_values() or node_records()
    for _, op in ipairs(side_ops(built.ops, on_client)) do
      values = op.make(values, unpack(op.args, 1, op.args.n)) or values
    end
    for v in values do host.emit(encode(v)) end
  end)
  current, cache = nil, nil
  if ok then return 'S' end
  if type(res) == 'string' then return 'F' .. res end
  return 'E'
end

return { apply = apply, validate = validate, forget = forget_modules, stream = run_stream }
`
