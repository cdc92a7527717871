-- The MCP endpoint lists published workflows without opening their documents: each row keeps the
-- workflow's Input-node variables (the tool's input schema), written at publish and whenever the server
-- stores the workflow document. Null for rows published before this column: read once, on first listing.
alter table published_workflows add column input_variables jsonb;
