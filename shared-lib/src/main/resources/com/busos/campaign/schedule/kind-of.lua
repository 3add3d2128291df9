-- kind-of: included by the scripts that count sends by kind (LuaScript.load's includes).
-- The kind a send's hash records: 'crm' for a CRM job, 'email' for an email (which stores none).
local function kind_of(key)
  if redis.call('HGET', key, 'kind') == 'crm' then return 'crm' end
  return 'email'
end
