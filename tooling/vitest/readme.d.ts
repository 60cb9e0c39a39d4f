export declare function runReadmeExample(readmeUrl: URL, bindings: Record<string, unknown>): string[];
export declare function runReadmeExampleAsync(
  readmeUrl: URL,
  bindings: Record<string, unknown>,
  block?: number,
): Promise<string[]>;
