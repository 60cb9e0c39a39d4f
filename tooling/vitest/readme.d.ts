export declare function runReadmeExample(readmeUrl: URL, bindings: Record<string, unknown>): string[];
