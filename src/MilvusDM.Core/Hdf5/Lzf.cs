namespace MilvusDM.Core.Hdf5;

/// <summary>
/// The LZF format of liblzf (h5py's <c>compression='lzf'</c>), written from its description: a control byte below 32
/// is a literal run of ctrl + 1 bytes; otherwise a back-reference of length (ctrl &gt;&gt; 5) + 2 (7 means: add the next
/// byte) to the output offset ((ctrl &amp; 31) &lt;&lt; 8) + next byte + 1 behind the current position.
/// </summary>
internal static class Lzf
{
    private const int MaxLiteral = 32, MaxOffset = 8192, MaxMatch = 7 + 255 + 2, HashBits = 14;

    /// <summary>Decodes <paramref name="input"/> into exactly <paramref name="output"/>; false when the stream is damaged or of another length.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int run = ctrl + 1;
                if (ip + run > input.Length || op + run > output.Length) return false;
                input.Slice(ip, run).CopyTo(output[op..]);
                ip += run;
                op += run;
                continue;
            }
            int length = ctrl >> 5;
            if (length == 7)
            {
                if (ip >= input.Length) return false;
                length += input[ip++];
            }
            length += 2;
            if (ip >= input.Length) return false;
            int from = op - (((ctrl & 31) << 8) + input[ip++] + 1);
            if (from < 0 || op + length > output.Length) return false;
            for (int i = 0; i < length; i++) output[op++] = output[from + i];   // byte by byte: the source may overlap the output
        }
        return op == output.Length;
    }

    /// <summary>
    /// A greedy compressor: a hash of the next three bytes finds the last place they occurred within 8 KiB, and the
    /// match is taken when it is real. Any valid stream decodes with liblzf, so simplicity beats ratio here.
    /// </summary>
    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        // Worst case: every byte a literal, one control byte per 32.
        var output = new byte[input.Length + input.Length / MaxLiteral + 1];
        int op = 0;
        var last = new int[1 << HashBits];
        Array.Fill(last, -1);
        int literalStart = 0, ip = 0;
        while (ip + 2 < input.Length)
        {
            uint key = (uint)(input[ip] << 16 | input[ip + 1] << 8 | input[ip + 2]);
            int slot = (int)((key * 2654435761u) >> (32 - HashBits));
            int candidate = last[slot];
            last[slot] = ip;
            if (candidate < 0 || ip - candidate > MaxOffset
                || input[candidate] != input[ip] || input[candidate + 1] != input[ip + 1] || input[candidate + 2] != input[ip + 2])
            {
                ip++;
                continue;
            }
            int max = Math.Min(MaxMatch, input.Length - ip), length = 3;
            while (length < max && input[candidate + length] == input[ip + length]) length++;
            op = Literals(output, op, input[literalStart..ip]);
            int offset = ip - candidate - 1, code = length - 2;
            if (code < 7) output[op++] = (byte)(code << 5 | offset >> 8);
            else { output[op++] = (byte)(7 << 5 | offset >> 8); output[op++] = (byte)(code - 7); }
            output[op++] = (byte)offset;
            ip += length;
            literalStart = ip;
        }
        op = Literals(output, op, input[literalStart..]);
        return output.AsSpan(0, op).ToArray();
    }

    private static int Literals(byte[] output, int op, ReadOnlySpan<byte> bytes)
    {
        for (int at = 0; at < bytes.Length; at += MaxLiteral)
        {
            var run = bytes.Slice(at, Math.Min(MaxLiteral, bytes.Length - at));
            output[op++] = (byte)(run.Length - 1);
            run.CopyTo(output.AsSpan(op));
            op += run.Length;
        }
        return op;
    }
}
