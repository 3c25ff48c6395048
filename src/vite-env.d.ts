/// <reference types="vite/client" />

declare module '*?script' {
  const path: string;
  export default path;
}
