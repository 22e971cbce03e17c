Console.section("intake", { title: "待处理申请" });
