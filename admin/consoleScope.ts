/**
 * What the signed-in account may do, for every view at once: a director reads (any
 * office) and changes nothing, so views hide their write controls when `readOnly`.
 * The server refuses a director's writes anyway; hiding them keeps the screen honest.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface ConsoleScope {
  readonly readOnly: boolean;
}

export const ConsoleScopeContext = createContext<ConsoleScope>({ readOnly: false });

export function useReadOnly(): boolean {
  return useContext(ConsoleScopeContext).readOnly;
}
