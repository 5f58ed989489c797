using System.Buffers.Binary;
using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>The proxy's sparse row checks: 8-byte pairs, strictly increasing indices below 2^32-1, finite non-negative values.</summary>
internal static class SparseRules
{
    public static void Validate(string field, ReadOnlySpan<byte> row, int rowIndex)
    {
        if (row.Length % 8 != 0) throw ServerError.Invalid($"sparse vector field {field} row {rowIndex}: length {row.Length} is not a multiple of 8");
        long previous = -1;
        for (int i = 0; i < row.Length; i += 8)
        {
            uint index = BinaryPrimitives.ReadUInt32LittleEndian(row[i..]);
            float value = BinaryPrimitives.ReadSingleLittleEndian(row[(i + 4)..]);
            if (index == uint.MaxValue) throw ServerError.Invalid($"sparse vector field {field} row {rowIndex}: index {index} out of range");
            if (index <= previous) throw ServerError.Invalid($"sparse vector field {field} row {rowIndex}: indices must be strictly increasing");
            if (!float.IsFinite(value) || value < 0) throw ServerError.Invalid($"sparse vector field {field} row {rowIndex}: value {value} must be finite and non-negative");
            previous = index;
        }
    }
}
