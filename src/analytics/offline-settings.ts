/**
 * DuckDB settings run before any table loads, so that nothing in Explore can reach the network: no
 * extension is installed or loaded on demand (DuckDB would fetch it from its extension repository), no file
 * or URL outside the registered tables can be read, and the configuration is locked so a query cannot
 * switch these back on.
 */
export const OFFLINE_SETTINGS: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];
