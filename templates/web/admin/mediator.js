Console.section("mediator", { title: "调解员详情" });
