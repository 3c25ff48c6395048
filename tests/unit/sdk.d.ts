// The official Genesys SDK ships no types for its region table; the unit test compares against it.
declare module 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/PureCloudRegionHosts.js' {
  const hosts: Record<string, string>;
  export default hosts;
}
