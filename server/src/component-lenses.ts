// The model's figures as code lenses, one per component. VS Code asks for
// every lens of the file after each keystroke but shows only those in view,
// and resolves a lens (codeLens/resolve) before showing it: so the list
// carries ranges and a short key (a number for the document, the component
// id), and the title and command are filled in for the lenses on screen.
// At 5,000 components that cuts the answer from 1.4 MB to about 0.4 MB
// (the command repeated the document's URI in every lens).
import type { CodeLens, Command } from 'vscode-languageserver';
import * as lang from '../../core/src/language/index';
import { Commands } from '../../protocol/src/index';
import { lensesJson } from './answer-json';
import type { RawJson } from './transport';

/** What a lens carries until it is resolved: [document number, component id] (answer-json.ts writes it). */
type LensData = [number, string];

export class ComponentLenses {
  /** Documents get a number the first time they get lenses (a handful per session). */
  private readonly uris: string[] = [];

  /** `reveal`: the client can show the component in the graph (VS Code); elsewhere the lens is a label. */
  constructor(private readonly reveal: () => boolean) {}

  /** The lenses of a document, unresolved, after `first`: as JSON joined from pieces kept per lens (answer-json.ts). */
  list(uri: string, scope: lang.DocScope, first: CodeLens[] = []): RawJson {
    let key = this.uris.indexOf(uri);
    if (key < 0) key = this.uris.push(uri) - 1;
    return lensesJson(uri, first, lang.componentLenses(scope), key);
  }

  /** The document a lens of `list` belongs to, or undefined for one it did not make. */
  uriOf(lens: CodeLens): string | undefined {
    const d = lens.data as unknown;
    return Array.isArray(d) && typeof d[0] === 'number' && typeof d[1] === 'string' ? this.uris[d[0]] : undefined;
  }

  /** The lens with its title and command, from the document's analysis as it is now. */
  resolve(lens: CodeLens, scope: lang.DocScope | undefined): CodeLens {
    const uri = this.uriOf(lens);
    if (!uri || lens.command) return lens;
    const id = (lens.data as LensData)[1];
    // A component gone since the list was made has no figures: an empty label until the next list.
    const title = (scope && lang.componentLenses(scope).find((l) => l.id === id)?.title) ?? '';
    const command: Command = this.reveal() && title ? { title, command: Commands.revealComponent, arguments: [uri, id] } : { title, command: '' };
    return { range: lens.range, command };
  }
}
