using System.Buffers.Binary;
using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// typeutil.ValidateSparseFloatRows: 8-byte (index, value) pairs, strictly increasing indices below 2^32-1, finite
/// non-negative values. Plain Go errors, so code 65535.
/// </summary>
internal static class SparseRules
{
    public static void Validate(ReadOnlySpan<byte> row)
    {
        if (row.Length % 8 != 0) throw ServerError.Unexpected($"invalid data length in sparse float vector: {row.Length}");
        long previous = -1;
        for (int i = 0; i < row.Length; i += 8)
        {
            uint index = BinaryPrimitives.ReadUInt32LittleEndian(row[i..]);
            float value = BinaryPrimitives.ReadSingleLittleEndian(row[(i + 4)..]);
            if (index == uint.MaxValue) throw ServerError.Unexpected("invalid index in sparse float vector: must be less than 2^32-1");
            if (index <= previous) throw ServerError.Unexpected("unsorted or same indices in sparse float vector");
            ColumnReader.VerifyFloat(value);
            if (value < 0) throw ServerError.Unexpected("negative value in sparse float vector");
            previous = index;
        }
    }
}
