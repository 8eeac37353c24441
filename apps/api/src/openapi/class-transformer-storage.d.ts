// class-transformer ships its metadata storage without a declaration for the CommonJS path.
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
}
