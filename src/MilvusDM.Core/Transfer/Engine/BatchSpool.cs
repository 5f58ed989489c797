using System.Runtime.InteropServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Batches parked in a temporary file, for destinations that must know the row count before writing (HDF5)
/// while the source does not (the pipeline): memory stays at one batch, the disk holds the rest.
/// </summary>
public sealed class BatchSpool : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"milvusdm-spool-{Guid.NewGuid():N}.bin");
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;

    public BatchSpool()
    {
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _writer = new BinaryWriter(_file);
    }

    public long Rows { get; private set; }

    public void Append(VectorBatch batch)
    {
        _writer.Write(batch.RowCount);
        _writer.Write(batch.Columns.Count);
        foreach (var c in batch.Columns) WriteColumn(c);
        Rows += batch.RowCount;
    }

    /// <summary>The batches in the order they were appended.</summary>
    public IEnumerable<VectorBatch> ReadBack()
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        while (_file.Position < _file.Length)
        {
            int rows = reader.ReadInt32(), count = reader.ReadInt32();
            var columns = new ColumnData[count];
            for (int i = 0; i < count; i++) columns[i] = ReadColumn(reader, rows);
            yield return new VectorBatch(columns);
        }
    }

    private void WriteColumn(ColumnData c)
    {
        _writer.Write(c.Name);
        _writer.Write((int)c.DataType);
        _writer.Write(c.IsDynamic);
        _writer.Write(c.Validity is not null);
        if (c.Validity is { } v) _writer.Write(MemoryMarshal.AsBytes(v.AsSpan()));
        switch (c)
        {
            case FloatVectorColumn f: _writer.Write(f.Dimension); _writer.Write(MemoryMarshal.AsBytes(f.Data.AsSpan())); break;
            case ByteVectorColumn b: _writer.Write(b.Dimension); _writer.Write(b.Data); break;
            case ScalarColumn<long> l: _writer.Write(MemoryMarshal.AsBytes(l.Values.AsSpan())); break;
            case ScalarColumn<int> i: _writer.Write(MemoryMarshal.AsBytes(i.Values.AsSpan())); break;
            case ScalarColumn<double> d: _writer.Write(MemoryMarshal.AsBytes(d.Values.AsSpan())); break;
            case ScalarColumn<float> f32: _writer.Write(MemoryMarshal.AsBytes(f32.Values.AsSpan())); break;
            case ScalarColumn<bool> bo: _writer.Write(MemoryMarshal.AsBytes(bo.Values.AsSpan())); break;
            case ScalarColumn<string> s: foreach (var value in s.Values) _writer.Write(value ?? ""); break;
            case SparseVectorColumn sp: foreach (var row in sp.Rows) { _writer.Write(row.Length); _writer.Write(row); } break;
            case ScalarColumn<Array> a: _writer.Write((int)a.ElementType); foreach (var text in Hdf5FieldCodec.EncodeJson(a)) _writer.Write(text); break;
            case StructArrayColumn sa:
                // The members' shapes first, then each row's JSON: enough to rebuild the column exactly.
                _writer.Write(sa.Members.Count);
                foreach (var m in sa.Members)
                {
                    _writer.Write(m.Name);
                    _writer.Write((int)m.DataType);
                    _writer.Write((int)(m is VectorArrayColumn va ? va.ElementType : ((ScalarColumn<Array>)m).ElementType));
                    _writer.Write(m is VectorArrayColumn vd ? vd.Dimension : 0);
                }
                for (int i = 0; i < sa.RowCount; i++) _writer.Write(sa.RowJson(i));
                break;
            default:
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "SpoolUnsupportedColumn",
                    $"Column '{c.Name}' of type {c.DataType} cannot be buffered for this destination yet.", "Leave the column out.");
        }
    }

    private static ColumnData ReadColumn(BinaryReader r, int rows)
    {
        string name = r.ReadString();
        var type = (MilvusDataType)r.ReadInt32();
        bool dynamic = r.ReadBoolean();
        bool[]? validity = r.ReadBoolean() ? MemoryMarshal.Cast<byte, bool>(r.ReadBytes(rows)).ToArray() : null;
        T[] Read<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(r.ReadBytes(rows * Marshal.SizeOf<T>())).ToArray();
        switch (type)
        {
            case MilvusDataType.FloatVector: { int dim = r.ReadInt32(); return new FloatVectorColumn(name, dim, MemoryMarshal.Cast<byte, float>(r.ReadBytes(rows * dim * 4)).ToArray(), validity); }
            case MilvusDataType.BinaryVector or MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector or MilvusDataType.Int8Vector:
            { int dim = r.ReadInt32(); return new ByteVectorColumn(name, type, dim, r.ReadBytes(rows * type.BytesPerRow(dim)), validity); }
            case MilvusDataType.Int64: return new ScalarColumn<long>(name, type, Read<long>(), validity) { IsDynamic = dynamic };
            case MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32: return new ScalarColumn<int>(name, type, Read<int>(), validity);
            case MilvusDataType.Double: return new ScalarColumn<double>(name, type, Read<double>(), validity);
            case MilvusDataType.Float: return new ScalarColumn<float>(name, type, Read<float>(), validity);
            case MilvusDataType.Bool: return new ScalarColumn<bool>(name, type, MemoryMarshal.Cast<byte, bool>(r.ReadBytes(rows)).ToArray(), validity);
            case MilvusDataType.SparseFloatVector:
            {
                var sparse = new byte[rows][];
                for (int i = 0; i < rows; i++) sparse[i] = r.ReadBytes(r.ReadInt32());
                return new SparseVectorColumn(name, sparse, validity);
            }
            case MilvusDataType.ArrayOfStruct:
            {
                var members = new FieldSpec[r.ReadInt32()];
                for (int m = 0; m < members.Length; m++)
                {
                    string member = r.ReadString();
                    var mt = (MilvusDataType)r.ReadInt32();
                    var et = (MilvusDataType)r.ReadInt32();
                    int dim = r.ReadInt32();
                    members[m] = new FieldSpec { Name = member, DataType = mt, ElementType = et, Dimension = dim == 0 ? null : dim };
                }
                var text = new string[rows];
                for (int i = 0; i < rows; i++) text[i] = r.ReadString();
                return StructArrayColumn.FromJson(new FieldSpec { Name = name, DataType = type, StructFields = members }, text);
            }
            case MilvusDataType.Timestamptz: return new ScalarColumn<long>(name, type, Read<long>(), validity);
            case MilvusDataType.Array:
            {
                var element = (MilvusDataType)r.ReadInt32();
                var text = new string[rows];
                for (int i = 0; i < rows; i++) text[i] = r.ReadString();
                return Hdf5FieldCodec.DecodeJson(new FieldSpec { Name = name, DataType = type, ElementType = element }, text, validity, "spool");
            }
            default:
            {
                var values = new string[rows];
                for (int i = 0; i < rows; i++) values[i] = r.ReadString();
                return new ScalarColumn<string>(name, type, values, validity) { IsDynamic = dynamic };
            }
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
