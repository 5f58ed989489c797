using MilvusDM.Core.Hdf5;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>Our LZF codec: what it compresses decodes to the same bytes, and damaged streams are refused.</summary>
public sealed class Hdf5LzfCodecTests
{
    public static TheoryData<string> Inputs() => ["empty", "one", "random", "zeros", "text", "floats"];

    private static byte[] Input(string kind)
    {
        var rng = new Random(5);
        return kind switch
        {
            "empty" => [],
            "one" => [42],
            "random" => Enumerable.Range(0, 70_000).Select(_ => (byte)rng.Next(256)).ToArray(),
            "zeros" => new byte[100_000],   // long overlapping matches, and lengths beyond 264
            "text" => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"row {i % 97} é; "))),
            _ => Enumerable.Range(0, 20_000).SelectMany(i => BitConverter.GetBytes(MathF.Round(MathF.Sin(i) * 10) / 10)).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CompressedDataDecodesToItself(string kind)
    {
        var input = Input(kind);
        var packed = Lzf.Compress(input);
        var back = new byte[input.Length];
        Assert.True(Lzf.TryDecompress(packed, back));
        Assert.Equal(input, back);
        Assert.True(packed.Length <= input.Length + input.Length / 32 + 1);
        if (kind is "zeros" or "text") Assert.True(packed.Length < input.Length / 4, $"{packed.Length} bytes");
    }

    [Fact]
    public void DamagedOrMisSizedStreamsAreRefused()
    {
        var input = Input("text");
        var packed = Lzf.Compress(input);
        Assert.False(Lzf.TryDecompress(packed, new byte[input.Length - 1]));
        Assert.False(Lzf.TryDecompress(packed, new byte[input.Length + 1]));
        Assert.False(Lzf.TryDecompress(packed[..^3], new byte[input.Length]));
        Assert.False(Lzf.TryDecompress([0x20, 0x05], new byte[3]));   // a back-reference before any output
    }
}
