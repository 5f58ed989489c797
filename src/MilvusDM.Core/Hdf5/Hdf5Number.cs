using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MilvusDM.Core.Errors;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// How a numeric dataset stores one element: integer or float, its width, sign and byte order. Every read goes
/// through raw bytes, because PureHDF refuses big-endian data ("Byte order conversion is not (yet) support") and
/// would read an int64 dataset as uint64 or the other way round without a word (purehdf.md §4).
/// </summary>
internal readonly record struct Hdf5Number(bool IsFloat, int Size, bool Signed, bool BigEndian)
{
    /// <summary>The dataset's element type, or null when it is not an integer of 1/2/4/8 or a float of 2/4/8 bytes.</summary>
    public static Hdf5Number? Of(IH5Dataset ds) => (ds.Type.Class, ds.Type.Size) switch
    {
        (H5DataTypeClass.FixedPoint, 1 or 2 or 4 or 8) => new Hdf5Number(false, ds.Type.Size, ds.Type.FixedPoint.IsSigned, Hdf5Internals.IsBigEndian(ds)),
        (H5DataTypeClass.FloatingPoint, 2 or 4 or 8) => new Hdf5Number(true, ds.Type.Size, true, Hdf5Internals.IsBigEndian(ds)),
        _ => null,
    };

    public override string ToString() => (BigEndian && Size > 1 ? "big-endian " : "") + (IsFloat ? "float" : Signed ? "int" : "uint") + Size * 8;

    /// <summary>Reads the selected elements into <paramref name="destination"/> in this machine's byte order.</summary>
    public void Read(NativeDataset ds, Span<byte> destination, Selection selection, H5DatasetAccess access = default)
    {
        ds.Read(access, destination, fileSelection: selection);
        if (Size > 1 && BigEndian == BitConverter.IsLittleEndian) Swap(destination);
    }

    public byte[] Read(NativeDataset ds, Selection selection, long elements, H5DatasetAccess access = default)
    {
        var raw = new byte[checked((int)(elements * Size))];
        Read(ds, raw, selection, access);
        return raw;
    }

    private void Swap(Span<byte> data)
    {
        switch (Size)
        {
            case 2: var u16 = MemoryMarshal.Cast<byte, ushort>(data); BinaryPrimitives.ReverseEndianness(u16, u16); break;
            case 4: var u32 = MemoryMarshal.Cast<byte, uint>(data); BinaryPrimitives.ReverseEndianness(u32, u32); break;
            case 8: var u64 = MemoryMarshal.Cast<byte, ulong>(data); BinaryPrimitives.ReverseEndianness(u64, u64); break;
        }
    }

    /// <summary>Integers as int64; a uint64 beyond int64's range is refused (Milvus keys and Int64 fields are signed).</summary>
    public long[] ToLongs(ReadOnlySpan<byte> raw, string dataset, string path, long firstRow)
    {
        if (IsFloat) throw new InvalidOperationException("not an integer dataset");
        var values = new long[raw.Length / Size];
        switch (Size, Signed)
        {
            case (1, true): Widen(MemoryMarshal.Cast<byte, sbyte>(raw), values); break;
            case (1, false): Widen(raw, values); break;
            case (2, true): Widen(MemoryMarshal.Cast<byte, short>(raw), values); break;
            case (2, false): Widen(MemoryMarshal.Cast<byte, ushort>(raw), values); break;
            case (4, true): Widen(MemoryMarshal.Cast<byte, int>(raw), values); break;
            case (4, false): Widen(MemoryMarshal.Cast<byte, uint>(raw), values); break;
            case (8, true): MemoryMarshal.Cast<byte, long>(raw).CopyTo(values); break;
            default:
                var wide = MemoryMarshal.Cast<byte, ulong>(raw);
                for (int i = 0; i < wide.Length; i++)
                    values[i] = wide[i] <= long.MaxValue ? (long)wide[i]
                        : throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5IntegerOutOfRange",
                            $"HDF5 dataset '{dataset}' in '{path}' holds {wide[i]} at row {firstRow + i}: a uint64 beyond the int64 range Milvus keys and Int64 fields have.",
                            "Renumber the ids (or values) to fit int64, or leave the dataset out and let MilvusDM number the rows.");
                break;
        }
        return values;
    }

    /// <summary>Floats (and integers) as float64: exact for every float and for integers up to 2^53.</summary>
    public double[] ToDoubles(ReadOnlySpan<byte> raw, string dataset, string path, long firstRow)
    {
        if (!IsFloat) return Array.ConvertAll(ToLongs(raw, dataset, path, firstRow), v => (double)v);
        return Size switch
        {
            2 => Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(raw).ToArray(), v => (double)v),
            4 => Array.ConvertAll(MemoryMarshal.Cast<byte, float>(raw).ToArray(), v => (double)v),
            _ => MemoryMarshal.Cast<byte, double>(raw).ToArray(),
        };
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<long> target) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < source.Length; i++) target[i] = long.CreateTruncating(source[i]);   // every width below 64 bits fits
    }
}
