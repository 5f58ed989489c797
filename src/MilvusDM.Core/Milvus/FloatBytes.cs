using System.Buffers;
using System.Runtime.InteropServices;

namespace MilvusDM.Core.Milvus;

/// <summary>Exposes a float[] as Memory&lt;byte&gt; over the same storage (the array stays alive through the manager).</summary>
internal sealed class FloatBytes(float[] floats) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(floats.AsSpan());

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(floats, GCHandleType.Pinned);
        unsafe { return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle); }
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
