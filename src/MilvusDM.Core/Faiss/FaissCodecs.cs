using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Faiss;

/// <summary>Decodes scalar-quantizer and product-quantizer codes exactly as Faiss reconstructs them (float32 arithmetic).</summary>
internal static class FaissCodecs
{
    public static bool IsLossless(SqCodec sq) => sq.QType is 5 or 8;

    public static string SqName(int qtype) => qtype switch
    {
        0 => "QT_8bit", 1 => "QT_4bit", 2 => "QT_8bit_uniform", 3 => "QT_4bit_uniform", 4 => "QT_fp16", 5 => "QT_8bit_direct",
        6 => "QT_6bit", 7 => "QT_bf16", 8 => "QT_8bit_direct_signed", _ => $"quantizer type {qtype}",
    };

    /// <summary>Decodes one SQ code into <paramref name="output"/> (length d).</summary>
    public static void DecodeSq(SqCodec sq, ReadOnlySpan<byte> code, Span<float> output)
    {
        int d = sq.Dimension;
        var t = sq.Trained;
        switch (sq.QType)
        {
            case 0: for (int i = 0; i < d; i++) output[i] = t[i] + (code[i] + 0.5f) / 255f * t[d + i]; break;
            case 1: for (int i = 0; i < d; i++) output[i] = t[i] + (Nibble(code, i) + 0.5f) / 15f * t[d + i]; break;
            case 2: for (int i = 0; i < d; i++) output[i] = t[0] + (code[i] + 0.5f) / 255f * t[1]; break;
            case 3: for (int i = 0; i < d; i++) output[i] = t[0] + (Nibble(code, i) + 0.5f) / 15f * t[1]; break;
            case 4: for (int i = 0; i < d; i++) output[i] = (float)BitConverter.UInt16BitsToHalf((ushort)(code[2 * i] | code[2 * i + 1] << 8)); break;
            case 5: for (int i = 0; i < d; i++) output[i] = code[i]; break;
            case 6: for (int i = 0; i < d; i++) output[i] = t[i] + (Bits(code, 6 * i, 6) + 0.5f) / 63f * t[d + i]; break;
            case 7: for (int i = 0; i < d; i++) output[i] = BitConverter.Int32BitsToSingle((code[2 * i] | code[2 * i + 1] << 8) << 16); break;
            case 8: for (int i = 0; i < d; i++) output[i] = code[i] - 128f; break;
            default:
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "FaissIndexTypeUnsupported",
                    $"Scalar quantizer {SqName(sq.QType)} is not supported.", "Rebuild the index with an 8-bit, 6-bit, 4-bit, fp16, bf16 or direct scalar quantizer.");
        }
    }

    /// <summary>Decodes one PQ code (M sub-codes of nbits, LSB-first) into <paramref name="output"/> (length d).</summary>
    public static void DecodePq(PqCodec pq, ReadOnlySpan<byte> code, Span<float> output)
    {
        int dsub = pq.DSub, ksub = pq.KSub;
        for (int m = 0; m < pq.M; m++)
        {
            int c = pq.NBits == 8 ? code[m] : Bits(code, m * pq.NBits, pq.NBits);
            pq.Centroids.AsSpan((m * ksub + c) * dsub, dsub).CopyTo(output.Slice(m * dsub, dsub));
        }
    }

    private static int Nibble(ReadOnlySpan<byte> code, int i) => (i & 1) == 0 ? code[i >> 1] & 0xF : code[i >> 1] >> 4;

    /// <summary>Reads <paramref name="count"/> bits starting at bit <paramref name="start"/> of an LSB-first bitstream.</summary>
    private static int Bits(ReadOnlySpan<byte> code, int start, int count)
    {
        int value = 0;
        for (int b = 0; b < count; b++)
        {
            int bit = start + b;
            value |= ((code[bit >> 3] >> (bit & 7)) & 1) << b;
        }
        return value;
    }
}
