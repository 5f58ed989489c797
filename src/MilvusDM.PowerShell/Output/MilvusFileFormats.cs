namespace MilvusDM.PowerShell;

/// <summary>What Export-MilvusCollection writes per partition: HDF5 (default), Parquet in Milvus's bulk-import layout, or a Faiss index (IndexIDMap2 over a flat index).</summary>
public enum MilvusExportFormat { Hdf5, Parquet, Faiss }

/// <summary>How HDF5 datasets are compressed: None (contiguous), Gzip (deflate) or Lzf (h5py's), both with shuffle.</summary>
public enum MilvusHdf5Compression { None, Gzip, Lzf }
