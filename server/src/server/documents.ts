// The open documents, each kept as an engine SourceDocument that is edited change by change,
// so the parsers re-parse only what changed. Documents in other languages are not kept.
import { fileURLToPath } from 'node:url';
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver/node';
import { SourceDocument } from '../engine/index';
import { isSupportedLanguage } from '../engine/languages';
import type { SourceLanguage } from '../engine/types';

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: SourceLanguage;
  /** The client's version of the text; it moves with every change. */
  readonly version: number;
  readonly source: SourceDocument;
  /** Absent for documents that are not files (untitled editors, other schemes). */
  readonly filePath: string | undefined;
}

/** What names a file and its language: enough to resolve its settings and inputs. */
export type DocumentIdentity = Pick<OpenDocument, 'languageId' | 'filePath'>;

class StoredDocument implements OpenDocument {
  constructor(
    readonly uri: string,
    readonly languageId: SourceLanguage,
    public version: number,
    readonly source: SourceDocument,
    readonly filePath: string | undefined,
  ) {}
}

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();

  /** Returns undefined for languages the engine does not read. */
  open({ textDocument }: DidOpenTextDocumentParams): OpenDocument | undefined {
    this.close(textDocument.uri);
    if (!isSupportedLanguage(textDocument.languageId)) return undefined;
    const filePath = filePathOf(textDocument.uri);
    const source = new SourceDocument(textDocument.text, textDocument.languageId, filePath);
    const document = new StoredDocument(textDocument.uri, textDocument.languageId, textDocument.version, source, filePath);
    this.documents.set(textDocument.uri, document);
    return document;
  }

  /** Applies the changes in order, as LSP defines them; each one updates the syntax tree. */
  change({ textDocument, contentChanges }: DidChangeTextDocumentParams): OpenDocument | undefined {
    const document = this.documents.get(textDocument.uri);
    if (!document) return undefined;
    for (const change of contentChanges) {
      document.source.applyChange('range' in change ? { range: change.range, text: change.text } : { text: change.text });
    }
    document.version = textDocument.version;
    return document;
  }

  close(uri: string): void {
    this.documents.get(uri)?.source.dispose();
    this.documents.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  /** Whether a document of this file is open (its editor text then wins over the disk). */
  isOpenFile(filePath: string): boolean {
    return this.byFilePath(filePath) !== undefined;
  }

  byFilePath(filePath: string): OpenDocument | undefined {
    for (const document of this.documents.values()) if (document.filePath === filePath) return document;
    return undefined;
  }

  all(): OpenDocument[] {
    return [...this.documents.values()];
  }

  closeAll(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }
}
