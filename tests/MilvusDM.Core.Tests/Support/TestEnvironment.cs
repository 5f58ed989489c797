using System.Runtime.CompilerServices;

namespace MilvusDM.Core.Tests.Support;

/// <summary>Checkpoints the tests leave go to a temporary folder, not the user's ~/.milvusdm.</summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void KeepCheckpointsOutOfHome()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MILVUSDM_CHECKPOINTS")))
            Environment.SetEnvironmentVariable("MILVUSDM_CHECKPOINTS", Path.Combine(Path.GetTempPath(), "milvusdm-test-checkpoints-" + Environment.ProcessId));
    }
}
