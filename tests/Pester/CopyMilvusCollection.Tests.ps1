BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name pester_copy -IndexType FLAT -MetricType L2 -Load | Out-Null
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
}

Describe 'Copy-MilvusCollection' -Tag Integration {
    It 'copies schema, index and rows to another server and loads the copy' {
        $result = Copy-MilvusCollection -Name pester_copy -Destination $dst
        $result.Status | Should -Be 'Succeeded'
        $copy = Get-MilvusCollection pester_copy -Connection $dst
        $copy.RowCount | Should -Be 200
        $copy.LoadState | Should -Be 'Loaded'
        $copy.MetricType | Should -Be 'L2'
    }

    It 'streams rows with Read-MilvusCollection' {
        (Read-MilvusCollection pester_copy -Connection $dst -BatchSize 50 | Measure-Object -Property Count -Sum).Sum | Should -Be 200
    }

    It 'lets Select-Object -First stop the stream without breaking the script' {
        $seen = & { Read-MilvusCollection pester_copy -Connection $dst -BatchSize 50 | Select-Object -First 1 | ForEach-Object Count; 'after' } 2>&1
        $seen | Should -Be 50, 'after'
    }

    It 'skips an existing target with -Mode Skip' {
        (Copy-MilvusCollection -Name pester_copy -Destination $dst -Mode Skip).Status | Should -Be 'Skipped'
    }
}

Describe 'Copy-MilvusCollection from a collection in many small segments' -Tag Integration {
    BeforeAll {
        # 20,000 rows in 500-row segments, keys shuffled so every segment spans the whole key range.
        $script:busy = Start-TestServer -SegmentRows 500
        $script:busySrc = Connect-Milvus -Uri $busy.Uri -NoDefault
        $ids = [long[]](1..20000); [System.Random]::new(4).Shuffle($ids)
        $vectors = foreach ($i in $ids) { , [float[]]($i, 0.5, -1, 2) }
        New-MilvusVectorBatch -Id $ids -Vector $vectors | Write-MilvusCollection -Name busy -Connection $busySrc -IndexType FLAT -MetricType L2 | Out-Null
    }
    AfterAll {
        Disconnect-Milvus $busySrc
        Stop-TestServer $busy
    }

    It 'copies every row once, verified, and tells the page size in -Verbose' {
        $verbose = @()
        $result = Copy-MilvusCollection -Name busy -Source $busySrc -Destination $dst -DestinationName busy_copy -Verify -Verbose 4>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose += $_.Message } else { $_ } }
        $result.Status | Should -Be 'Succeeded'
        $result.Rows | Should -Be 20000
        $result.Verified | Should -BeTrue
        ($verbose | Where-Object { $_ -like 'Query pages: limit *' }) | Should -Match ' 40 loaded segment\(s\)'
    }
}

Describe 'Copy-MilvusCollection -Mode Overwrite' -Tag Integration {
    It 'says in -WhatIf how many rows it would drop, and nothing when there is nothing to drop' {
        # What if: lines go to the host, so a child pwsh shows them.
        $pwsh = Join-Path $PSHOME 'pwsh'
        $module = Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1'
        $said = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; `$s = Connect-Milvus '$($a.Uri)'; `$d = Connect-Milvus '$($b.Uri)' -NoDefault
            Copy-MilvusCollection -Name pester_copy -Destination `$d -Mode Overwrite -WhatIf
            Copy-MilvusCollection -Name pester_copy -Destination `$d -DestinationName pester_copy_new -Mode Overwrite -WhatIf" 2>&1
        ($said -join ' ') | Should -Match 'drops the collection and its 200 rows first'
        ($said -join ' ') | Should -Match 'does not exist yet, nothing is dropped'
        Get-MilvusCollection pester_copy_new -Connection $dst -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-MilvusCollection pester_copy -Connection $dst).RowCount | Should -Be 200
    }

    It 'does not ask with -Confirm:$false, and the result says what it dropped' {
        $result = Copy-MilvusCollection -Name pester_copy -Destination $dst -Mode Overwrite -Confirm:$false
        $result.Status | Should -Be 'Succeeded'
        $result.Notes -join ' ' | Should -Match "Dropped collection 'pester_copy' \(200 rows\)"
    }

    It 'tells a non-interactive session to use -Force instead of failing on the prompt' {
        $pwsh = Join-Path $PSHOME 'pwsh'
        $module = Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1'
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; `$s = Connect-Milvus '$($a.Uri)'; `$d = Connect-Milvus '$($b.Uri)' -NoDefault; try { Copy-MilvusCollection -Name pester_copy -Destination `$d -Mode Overwrite -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.ErrorDetails.RecommendedAction }" 2>&1
        ($out -join ' ') | Should -Match 'OverwriteNeedsConfirmation'
        ($out -join ' ') | Should -Match '-Force'
    }
}
