/** Types of buildInputs.mjs (plain JavaScript, so `npm start` runs it before any TypeScript loader). */
export declare const APPS: readonly string[];
export declare const RECORD: string;
export interface InputFile {
  readonly path: string;
  readonly mtimeMs: number;
}
export interface BuildRecord {
  /** sha256 of the inputs' names and contents. */
  readonly hash: string;
  /** When the inputs were known to have that hash (a build's start, or a later check). */
  readonly checkedAt: number;
  /** The output it describes, by its modification time (dist/: its oldest app page). */
  readonly builtAt: number;
}
export declare function listInputs(root: string): InputFile[];
export declare function hashFiles(root: string, paths: readonly string[]): string;
export declare function hashInputs(root: string, files?: readonly InputFile[]): string;
export declare function readRecord(root: string, file?: string): BuildRecord | null;
export declare function writeRecord(root: string, record: BuildRecord, file?: string): void;
export declare function pagesBuiltAt(root: string): number;
export declare function compareWithRecord(root: string, files: readonly InputFile[], builtAt: number, recordFile: string): 'changed' | 'fresh';
export declare function buildState(root: string): 'missing' | 'changed' | 'fresh';
